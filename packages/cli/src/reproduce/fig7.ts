// Fig. 7 (App. D.1): the same runs as Fig. 2, drawn as R2D2's R(D) against the closed form and the errors.
import { gaussianFigure } from './fig2.js';
import type { FigureDefinition } from './figure.js';

/**
 * Fig. 7 of the paper (the same units and settings as {@link FIG2}; its shards are tagged fig7).
 *
 * @example
 * ```ts
 * import { FIG7 } from '@ratedistortion/cli/reproduce';
 * console.log(FIG7.id); // 'fig7'
 * ```
 */
export const FIG7: FigureDefinition = gaussianFigure('fig7');
