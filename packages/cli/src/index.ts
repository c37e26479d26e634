/**
 * @packageDocumentation
 * The `rd` command line of ratedistortion, also usable in-process: {@link runCli} takes the words after `rd`
 * and an io object and returns the exit code. Rates in nats, distortion `D = ½E‖X−X̂‖²`, `eps = 1/β`.
 *
 * The root exports what a program driving `rd` or drawing its results needs: running commands, the result
 * formats (tables, CSV, shard files), the plots and the paper's figures. The building blocks of each command
 * stay available from the subpaths (`@ratedistortion/cli/args`, `/io`, `/commands`, `/plot`, `/progress`,
 * `/reproduce`, `/run`, `/shard`).
 */
export { runCli, EXIT } from './run/run-cli.js';
export { VERSION } from './run/version.js';
export { processIo, type CliIo } from './io/cli-io.js';
export { formatTable, formatCsv, formatJson, formatNumber, type Cell } from './io/format.js';
export { parseSampleTable, formatSamplesCsv, type ParsedSampleTable } from './io/csv.js';
export { loadSource, type LoadedSource } from './io/source.js';
export { CliUsageError } from './args/usage-error.js';
export {
  parseCommandOptions,
  formatCommandHelp,
  type CommandSpec,
  type OptionSpec,
  type ParsedOptions,
} from './args/options.js';
export type { Command } from './commands/command.js';
export { COMMANDS } from './commands/registry.js';
export { TrainingInterruptedError } from './commands/curve.js';
export { NoCheckoutError } from './commands/bench.js';
export { mergedResult } from './commands/merge.js';
export {
  rdCurveSvg,
  type RdCurvePlot,
  type RdSeries,
  type RdPlotPoint,
  type RdReferenceCurve,
} from './plot/rd-curve-plot.js';
export { resultPlotSvg, resultKind, type ResultPlotOptions, type ResultKind } from './plot/result-plot.js';
export {
  densitySvg,
  densityHistogram,
  type DensityPlot,
  type DensityCurve,
  type DensityHistogram,
} from './plot/density-plot.js';
export { driftSvg, type DriftPlot, type DriftSlice } from './plot/drift-plot.js';
export { xySvg, type XyPlot, type XySeries } from './plot/xy-plot.js';
export { stackSvgPanels } from './plot/panels-plot.js';
export { suiteSvg, type SuitePlotSource } from './plot/suite-plot.js';
export { writePlot, svgToPng, type PlotFormat } from './plot/write-plot.js';
export {
  createProgressReporter,
  type ProgressReporter,
  type ProgressReporterOptions,
  type ProgressMode,
} from './progress/progress-reporter.js';
export {
  FIGURE_IDS,
  type FigureId,
  type FigureDefinition,
  type FigureResult,
  type FigureSettings,
} from './reproduce/figure.js';
export { FIGURES } from './reproduce/figures.js';
export { reproduceFigure, type FigureOverrides } from './reproduce/run-figure.js';
export {
  readShardFile,
  combineShards,
  SHARD_FORMAT,
  type ShardFile,
  type SweepConfig,
  type UnitRecord,
} from './shard/shard-file.js';
export { parseShard, type Shard } from './shard/parse-shard.js';
