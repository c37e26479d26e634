// The list of sub-commands, in the order `rd --help` shows them.
import { analyticCommand } from './analytic.js';
import { benchCommand } from './bench.js';
import type { Command } from './command.js';
import { curveCommand } from './curve.js';
import { entropyCommand } from './entropy.js';
import { plotCommand } from './plot.js';
import { mergeCommand } from './merge.js';
import { reproduceCommand } from './reproduce.js';
import { sampleCommand } from './sample.js';
import { sourcesCommand } from './sources.js';
import { suiteCommand } from './suite.js';

/**
 * Every `rd` sub-command.
 *
 * @example
 * ```ts
 * import { COMMANDS } from '@ratedistortion/cli';
 * console.log(COMMANDS.map((c) => c.spec.name)); // ['analytic', 'curve', 'entropy', 'sample', 'sources', 'plot', 'bench', 'reproduce', 'merge']
 * ```
 */
export const COMMANDS: readonly Command[] = [
  analyticCommand,
  curveCommand,
  entropyCommand,
  sampleCommand,
  sourcesCommand,
  plotCommand,
  benchCommand,
  reproduceCommand,
  mergeCommand,
  suiteCommand,
];
