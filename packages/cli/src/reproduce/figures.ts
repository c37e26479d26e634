// Every figure `rd reproduce` knows, by id.
import type { FigureDefinition, FigureId } from './figure.js';
import { FIG2 } from './fig2.js';
import { FIG3 } from './fig3.js';
import { FIG4 } from './fig4.js';
import { FIG5_CIFAR } from './fig5-cifar.js';
import { FIG5_SPEECH } from './fig5-speech.js';
import { FIG7 } from './fig7.js';
import { FIG8 } from './fig8.js';
import { FIG9 } from './fig9.js';
import { FIG10 } from './fig10.js';

/**
 * The figure definitions by id.
 *
 * @example
 * ```ts
 * import { FIGURES } from '@ratedistortion/cli';
 * console.log(Object.keys(FIGURES));
 * ```
 */
export const FIGURES: Readonly<Record<FigureId, FigureDefinition>> = {
  fig2: FIG2,
  fig3: FIG3,
  fig4: FIG4,
  'fig5-cifar': FIG5_CIFAR,
  'fig5-speech': FIG5_SPEECH,
  fig7: FIG7,
  fig8: FIG8,
  fig9: FIG9,
  fig10: FIG10,
};
