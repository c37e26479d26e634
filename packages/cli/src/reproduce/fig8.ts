// Fig. 8 (App. D.2): Fig. 4's run with the inter-quartile close-up pane.
import { gmm1Figure } from './fig4.js';
import type { FigureDefinition } from './figure.js';

/**
 * Fig. 8 of the paper.
 *
 * @example
 * ```ts
 * import { FIG8 } from '@ratedistortion/cli/reproduce';
 * console.log(FIG8.id); // 'fig8'
 * ```
 */
export const FIG8: FigureDefinition = gmm1Figure('fig8');
