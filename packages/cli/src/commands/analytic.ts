// `rd analytic`: exact and numerical RD references of sources with analytic answers (Gaussian, GMM, sinc⁴).
import { CliUsageError } from '../args/usage-error.js';
import { parseChoice, parsePositive, parsePositiveList, parseRange } from '../args/values.js';
import type { ParsedOptions } from '../args/options.js';
import { formatCsv, formatJson, formatTable } from '../io/format.js';
import { analyticSpecOf, loadSource } from '../io/source.js';
import type { CliIo } from '../io/cli-io.js';
import { resultPlotSvg } from '../plot/result-plot.js';
import { plotFormatOf, writePlot } from '../plot/write-plot.js';
import { stringOption, type Command } from './command.js';

/**
 * The methods `rd analytic --method` accepts, passed to `rdPoint`.
 *
 * @example
 * ```ts
 * import { ANALYTIC_METHODS } from '@ratedistortion/cli/commands';
 * console.log(ANALYTIC_METHODS.join(', ')); // auto, closed-form, bhe, fourier, ba
 * ```
 */
export const ANALYTIC_METHODS = ['auto', 'closed-form', 'bhe', 'fourier', 'ba'] as const;

const NAME = 'analytic';

/**
 * `rd analytic`: one RD point per eps (`--eps` list or `--eps-range a:b:n`), or with `--density` the
 * reconstruction density p_1(x) on a grid. Rates in nats, D = ½E‖X−X̂‖².
 *
 * @example
 * ```ts
 * import { runCli } from '@ratedistortion/cli';
 * await runCli(['analytic', '--source', '{"kind":"gaussian","variance":1}', '--eps', '0.1', '--json']);
 * ```
 */
export const analyticCommand: Command = {
  spec: {
    name: NAME,
    summary: 'analytic rate–distortion points R(D) (nats, D = ½E‖X−X̂‖²) or the reconstruction density p_1',
    usage: [
      'rd analytic --source SPEC (--eps E1,E2,... | --eps-range A:B:N) [--method M] [--json | --csv]',
      'rd analytic --source SPEC --density --eps E --x A:B:N [--json | --csv]',
    ],
    options: {
      source: { type: 'string', value: 'SPEC', description: "source: inline JSON or a JSON file (kinds gaussian, gmm, sinc4-mixture; see 'rd sources')" },
      eps: { type: 'string', value: 'LIST', description: 'comma-separated eps = 1/β values (> 0)' },
      'eps-range': { type: 'string', value: 'A:B:N', description: 'N evenly spaced eps values from A to B inclusive' },
      method: { type: 'string', value: 'M', description: `${ANALYTIC_METHODS.join('|')} (default auto)` },
      density: { type: 'boolean', description: 'print p_1(x), the density of the optimal reconstruction, instead of RD points (1-D sources)' },
      x: { type: 'string', value: 'A:B:N', description: 'grid of x values for --density' },
      json: { type: 'boolean', description: 'print JSON: {"points":[{"eps","rate","distortion","method","valid"}]}' },
      csv: { type: 'boolean', description: 'print CSV with a header line' },
      plot: { type: 'string', value: 'FILE', description: 'also draw the result: R(D) curve or p_1, as FILE.svg or FILE.png' },
    },
    notes: [
      "'valid' says whether the backward-heat-equation (BHE) solution exists at that eps; where it does not, 'auto'",
      'falls back to Blahut–Arimoto (or water-filling for Gaussians).',
    ],
    examples: [
      `rd analytic --source '{"kind":"gaussian","variance":1}' --eps-range 0.05:0.95:10`,
      `rd analytic --source '{"kind":"gmm","weights":[0.5,0.5],"means":[-1,1],"variances":[0.2,0.2]}' --eps 0.05,0.1 --json`,
      `rd analytic --source '{"kind":"gmm","weights":[0.5,0.5],"means":[-1,1],"variances":[0.2,0.2]}' --density --eps 0.1 --x -3:3:13`,
    ],
  },
  async run(options: ParsedOptions, io: CliIo) {
    const sourceText = stringOption(options, 'source');
    if (sourceText === undefined) throw new CliUsageError('missing --source SPEC', NAME);
    if (options.json && options.csv) throw new CliUsageError('--json and --csv are exclusive', NAME);
    const epsText = stringOption(options, 'eps');
    const rangeText = stringOption(options, 'eps-range');
    if (epsText !== undefined && rangeText !== undefined) throw new CliUsageError('give either --eps or --eps-range, not both', NAME);
    if (epsText === undefined && rangeText === undefined) throw new CliUsageError('missing --eps LIST or --eps-range A:B:N', NAME);
    // Every option is checked before the source is built or the analytic package is loaded.
    let density: { eps: number; xs: number[] } | undefined;
    let sweep: { method: (typeof ANALYTIC_METHODS)[number]; epsList: number[] } | undefined;
    if (options.density) {
      if (epsText === undefined) throw new CliUsageError('--density needs a single --eps E', NAME);
      if (options.method !== undefined) throw new CliUsageError('--method does not apply to --density', NAME);
      const eps = parsePositive('--eps', epsText, NAME);
      const xText = stringOption(options, 'x');
      if (xText === undefined) throw new CliUsageError('--density needs --x A:B:N (the grid of x values)', NAME);
      density = { eps, xs: parseRange('--x', xText, { command: NAME }) };
    } else {
      if (options.x !== undefined) throw new CliUsageError('--x only applies with --density', NAME);
      const method = parseChoice('--method', stringOption(options, 'method', 'auto'), ANALYTIC_METHODS, NAME);
      const epsList = epsText !== undefined
        ? parsePositiveList('--eps', epsText, NAME)
        : parseRange('--eps-range', rangeText as string, { positive: true, command: NAME });
      sweep = { method, epsList };
    }
    const plotFile = stringOption(options, 'plot');
    if (plotFile !== undefined) plotFormatOf(plotFile);
    const spec = analyticSpecOf(loadSource(io, sourceText, NAME), NAME);
    // Loaded on demand: the other commands do not need the analytic package.
    const { rdPoint, reconstructionDensity } = await import('@ratedistortion/analytic');

    if (density) {
      const { eps, xs } = density;
      const p = reconstructionDensity(spec, eps, xs);
      const rows = xs.map((x, i) => [x, p[i]]);
      if (options.json) io.stdout(formatJson({ eps, x: xs, density: Array.from(p) }));
      else if (options.csv) io.stdout(formatCsv(['x', 'density'], rows));
      else io.stdout(`# p_1(x) at eps = ${eps}\n` + formatTable(['x', 'density'], rows));
      if (plotFile !== undefined) await drawPlot(io, plotFile, { eps, x: xs, density: Array.from(p) });
      return;
    }
    const { method, epsList } = sweep as NonNullable<typeof sweep>;
    const points = epsList.map((eps) => {
      const p = rdPoint(spec, eps, { method });
      return { eps: p.eps, rate: p.rate, distortion: p.distortion, method: p.method, valid: p.valid };
    });
    const rows = points.map((p) => [p.eps, p.rate, p.distortion, p.method, p.valid]);
    if (options.json) io.stdout(formatJson({ points }));
    else if (options.csv) io.stdout(formatCsv(['eps', 'rate', 'distortion', 'method', 'valid'], rows));
    else io.stdout(formatTable(['eps', 'rate (nats)', 'distortion', 'method', 'valid'], rows));
    if (plotFile !== undefined) await drawPlot(io, plotFile, { points });
  },
};

async function drawPlot(io: CliIo, file: string, result: unknown): Promise<void> {
  const written = await writePlot(file, resultPlotSvg([result]), io.cwd);
  io.stderr(`rd analytic: wrote ${written.path}\n`);
}
