// `rd analytic`: exact and numerical RD references of sources with analytic answers (Gaussian, GMM, sinc⁴) and
// Blahut–Arimoto references of any 1-D/2-D density (Laplace and uniform in any dimension; sample files through a
// kernel density estimate). Each row says what kind of reference it is.
import { Conventions, CONVENTION_OPTIONS } from '../args/conventions.js';
import { CliUsageError } from '../args/usage-error.js';
import { parseChoice, parsePositive, parsePositiveList, parseRange } from '../args/values.js';
import type { ParsedOptions } from '../args/options.js';
import type { AnalyticSourceSpec, Samples } from '@ratedistortion/core';
import { formatCsv, formatJson, formatTable } from '../io/format.js';
import { analyticSpecOf, loadSource, type LoadedSource } from '../io/source.js';
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
 * `rd analytic`: one RD point per eps (`--eps` list or `--eps-range a:b:n`), per distortion (`--at-distortion`) or
 * per rate (`--at-rate`), or with `--density` the reconstruction density p_1(x) on a grid. Rates in nats and
 * D = ½E‖X−X̂‖² unless `--units` / `--distortion` say otherwise.
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
    summary: 'analytic rate–distortion points R(D) (nats, D = ½E‖X−X̂‖² by default) or the reconstruction density p_1',
    usage: [
      'rd analytic --source SPEC (--eps E1,E2,... | --eps-range A:B:N | --at-distortion D1,... | --at-rate R1,...) [--method M] [--units U] [--distortion C] [--json | --csv]',
      'rd analytic --source SPEC --density --eps E --x A:B:N [--json | --csv]',
    ],
    options: {
      source: {
        type: 'string',
        value: 'SPEC',
        description:
          "source: inline JSON or a JSON file (kinds gaussian, gmm, sinc4-mixture, laplace, uniform, grid-density; samples (≤ 2-D) through a KDE; see 'rd sources')",
      },
      eps: { type: 'string', value: 'LIST', description: 'comma-separated eps = 1/β values (> 0)' },
      'eps-range': { type: 'string', value: 'A:B:N', description: 'N evenly spaced eps values from A to B inclusive' },
      'at-distortion': {
        type: 'string',
        value: 'LIST',
        description: 'comma-separated distortions (in the --distortion convention): R(D) at each',
      },
      'at-rate': { type: 'string', value: 'LIST', description: 'comma-separated rates (in --units): D(R) at each' },
      method: { type: 'string', value: 'M', description: `${ANALYTIC_METHODS.join('|')} (default auto)` },
      ...CONVENTION_OPTIONS,
      density: {
        type: 'boolean',
        description: 'print p_1(x), the density of the optimal reconstruction, instead of RD points (1-D sources)',
      },
      x: { type: 'string', value: 'A:B:N', description: 'grid of x values for --density' },
      json: {
        type: 'boolean',
        description:
          'print JSON: {"conventions":{…},"points":[{"eps","rate","distortion","method","reference","bheValid","gap"?}]}',
      },
      csv: { type: 'boolean', description: 'print CSV with a header line' },
      plot: {
        type: 'string',
        value: 'FILE',
        description: 'also draw the result: R(D) curve or p_1, as FILE.svg or FILE.png',
      },
    },
    notes: [
      "'reference' says what a row is: 'exact' (closed form, or the BHE/Shannon-lower-bound answer with the entropy by",
      "quadrature), 'monte-carlo' (BHE answer, Monte Carlo entropy), 'ba' (Blahut–Arimoto on a grid, converged; 'gap' is",
      "its dual gap, the grid's discretisation error comes on top) or 'ba-unconverged' (an upper bound). 'auto' uses",
      'water-filling for Gaussians, the BHE answer where it exists and Blahut–Arimoto elsewhere (dimension ≤ 2; Laplace',
      'and uniform in any dimension). A samples source is turned into a kernel density estimate on a grid (Silverman',
      'bandwidth) and answered by Blahut–Arimoto: the rows are the R(D) of that density. eps is always the slope',
      'parameter of D = ½E‖X−X̂‖², whatever --distortion prints.',
    ],
    examples: [
      `rd analytic --source '{"kind":"gaussian","variance":1}' --eps-range 0.05:0.95:10`,
      `rd analytic --source '{"kind":"gmm","weights":[0.5,0.5],"means":[-1,1],"variances":[0.2,0.2]}' --eps 0.05,0.1 --json`,
      `rd analytic --source '{"kind":"laplace","scale":1}' --eps 0.2,0.5 --method ba --json`,
      `rd analytic --source '{"kind":"laplace","scale":1}' --at-distortion 0.1 --units bits --distortion mse`,
      `rd analytic --source '{"kind":"gmm","weights":[0.5,0.5],"means":[-1,1],"variances":[0.2,0.2]}' --density --eps 0.1 --x -3:3:13`,
    ],
  },
  async run(options: ParsedOptions, io: CliIo) {
    const sourceText = stringOption(options, 'source');
    if (sourceText === undefined) throw new CliUsageError('missing --source SPEC', NAME);
    if (options.json && options.csv) throw new CliUsageError('--json and --csv are exclusive', NAME);
    const epsText = stringOption(options, 'eps');
    const rangeText = stringOption(options, 'eps-range');
    const atDistortionText = stringOption(options, 'at-distortion');
    const atRateText = stringOption(options, 'at-rate');
    const given = [
      epsText && '--eps',
      rangeText && '--eps-range',
      atDistortionText && '--at-distortion',
      atRateText && '--at-rate',
    ].filter(Boolean);
    if (given.length > 1)
      throw new CliUsageError(
        `give one of --eps, --eps-range, --at-distortion, --at-rate (got ${given.join(' and ')})`,
        NAME,
      );
    if (given.length === 0)
      throw new CliUsageError('missing --eps LIST, --eps-range A:B:N, --at-distortion LIST or --at-rate LIST', NAME);
    if (options.density && (atDistortionText !== undefined || atRateText !== undefined))
      throw new CliUsageError('--density needs a single --eps E', NAME);
    // Every option is checked before the source is built or the analytic package is loaded.
    let density: { eps: number; xs: number[] } | undefined;
    let sweep:
      | { method: (typeof ANALYTIC_METHODS)[number]; values: number[]; by: 'eps' | 'distortion' | 'rate' }
      | undefined;
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
      if (atDistortionText !== undefined)
        sweep = { method, by: 'distortion', values: parsePositiveList('--at-distortion', atDistortionText, NAME) };
      else if (atRateText !== undefined)
        sweep = { method, by: 'rate', values: parsePositiveList('--at-rate', atRateText, NAME) };
      else {
        const values =
          epsText !== undefined
            ? parsePositiveList('--eps', epsText, NAME)
            : parseRange('--eps-range', rangeText as string, { positive: true, command: NAME });
        sweep = { method, by: 'eps', values };
      }
    }
    const plotFile = stringOption(options, 'plot');
    if (plotFile !== undefined) plotFormatOf(plotFile);
    Conventions.fromOptions(options, NAME, 1); // checks --units / --distortion before any work
    const loaded = loadSource(io, sourceText, NAME);
    const conventions = Conventions.fromOptions(options, NAME, loaded.source.dim);
    const spec =
      loaded.spec.kind === 'samples' && !options.density
        ? await samplesDensitySpec(loaded, sweep?.method ?? 'auto')
        : analyticSpecOf(loaded, NAME);
    // Loaded on demand: the other commands do not need the analytic package.
    const { rdPoint, rateAtDistortion, distortionAtRate, reconstructionDensity } = await import(
      '@ratedistortion/analytic'
    );

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
    const { method, values, by } = sweep as NonNullable<typeof sweep>;
    const c = conventions;
    const points = values.map((v) => {
      const p =
        by === 'eps'
          ? rdPoint(spec, v, { method })
          : by === 'distortion'
            ? rateAtDistortion(spec, c.distortionIn(v), { method })
            : distortionAtRate(spec, c.rateIn(v), { method });
      return {
        eps: p.eps,
        rate: c.rate(p.rate),
        distortion: c.distortion(p.distortion),
        method: p.method,
        reference: p.reference,
        bheValid: p.bheValid,
        ...(p.gap !== undefined ? { gap: c.rate(p.gap) } : {}),
        ...(p.stdError !== undefined ? { stdError: c.rate(p.stdError) } : {}),
      };
    });
    const rows = points.map((p) => [p.eps, p.rate, p.distortion, p.method, p.reference, p.gap ?? '']);
    if (options.json) io.stdout(formatJson({ conventions: c.toJSON(), points }));
    else if (options.csv) io.stdout(formatCsv(['eps', 'rate', 'distortion', 'method', 'reference', 'gap'], rows));
    else
      io.stdout(
        formatTable(
          [
            'eps',
            `rate (${c.rateLabel})`,
            `distortion (${c.distortionLabel})`,
            'method',
            'reference',
            `gap (${c.rateLabel})`,
          ],
          rows,
        ),
      );
    if (plotFile !== undefined) await drawPlot(io, plotFile, { points });
  },
};

/**
 * A samples source (≤ 2-D) as the grid density of its kernel density estimate (Silverman bandwidth, the grid of the
 * estimators' Blahut–Arimoto: 200 points in 1-D, 48 per axis in 2-D), for Blahut–Arimoto.
 */
async function samplesDensitySpec(loaded: LoadedSource, method: string): Promise<AnalyticSourceSpec> {
  if (method !== 'auto' && method !== 'ba')
    throw new CliUsageError(
      `--method ${method} does not apply to a samples source (only ba, through a kernel density estimate)`,
      NAME,
    );
  const source = loaded.source as LoadedSource['source'] & { data?: Samples };
  const samples = source.data;
  if (samples === undefined || samples.dim > 2) {
    throw new CliUsageError(
      `rd analytic answers samples sources of dimension 1 or 2 (this one has ${loaded.source.dim})`,
      NAME,
      "For higher dimensions use 'rd curve' with a neural estimator.",
    );
  }
  const { gridDensity1d, gridDensity2d } = await import('@ratedistortion/estimators');
  if (samples.dim === 1) {
    const { source: g } = gridDensity1d(samples, { method: 'kde' });
    return { kind: 'grid-density', x: [g.xMin, g.xMax, g.points], values: Array.from(g.probabilities) };
  }
  const { source: g } = gridDensity2d(samples, { method: 'kde' });
  return { kind: 'grid-density', x: g.x, y: g.y, values: Array.from(g.probabilities) };
}

async function drawPlot(io: CliIo, file: string, result: unknown): Promise<void> {
  const written = await writePlot(file, resultPlotSvg([result]), io.cwd);
  io.stderr(`rd analytic: wrote ${written.path}\n`);
}
