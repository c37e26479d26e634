// Fig. 10 (App. D.3): the sinc⁴ figure of the appendix, the same computation as Fig. 3.
import { sinc4FigureDefinition } from './fig3.js';
import type { FigureDefinition } from './figure.js';

/**
 * Fig. 10 of the paper.
 *
 * @example
 * ```ts
 * import { FIG10 } from '@ratedistortion/cli/reproduce';
 * console.log(FIG10.id); // 'fig10'
 * ```
 */
export const FIG10: FigureDefinition = sinc4FigureDefinition('fig10');
