// `rd plot`: redraw saved results (the JSON of `rd analytic --json`, `rd curve --json`, a density or a drift)
// as SVG or PNG, without recomputing them.
import { CliUsageError } from '../args/usage-error.js';
import { parseInteger } from '../args/values.js';
import { Conventions } from '../args/conventions.js';
import type { ParsedOptions } from '../args/options.js';
import { readTextFile, type CliIo } from '../io/cli-io.js';
import { checkOutputPath } from '../io/output-path.js';
import { optimalDriftSlices } from '../plot/optimal-drift-slices.js';
import { resultKind, resultPlotSvg } from '../plot/result-plot.js';
import { plotFormatOf, writePlot } from '../plot/write-plot.js';
import { stringOption, type Command } from './command.js';

const NAME = 'plot';
/** Largest --width/--height of rd plot, in pixels. */
const PLOT_MAX_SIZE = 4096;

/**
 * `rd plot RESULT.json... --out FILE.svg|FILE.png`: draw saved results. Several RD results (e.g. one per
 * method) share one plot; a drift result whose slices lack `reference` but which names a Gaussian or GMM
 * `source` gets u* computed.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { runCli } from '@ratedistortion/cli';
 * writeFileSync('rd.json', JSON.stringify({ points: [{ eps: 0.5, rate: 0.35, distortion: 0.25, method: 'closed-form', valid: true }] }));
 * await runCli(['plot', 'rd.json', '--out', 'rd.svg']);
 * ```
 */
export const plotCommand: Command = {
  spec: {
    name: NAME,
    summary: 'draw saved results (rd analytic/curve --json, densities, drifts) as an SVG or PNG plot',
    usage: [
      'rd plot RESULT.json [RESULT2.json ...] --out FILE.svg|FILE.png [--title T] [--bins N] [--width W] [--height H]',
    ],
    positionals: { value: 'RESULT.json', description: 'JSON result files; several RD results are drawn in one plot' },
    options: {
      out: { type: 'string', value: 'FILE', description: 'the plot file: .svg (vector) or .png (rasterised by resvg)' },
      title: { type: 'string', value: 'T', description: 'plot title' },
      bins: { type: 'string', value: 'N', description: 'histogram bins for density results with samples (default 50)' },
      width: { type: 'string', value: 'W', description: `width in pixels, 16 to ${PLOT_MAX_SIZE} (default 640)` },
      height: { type: 'string', value: 'H', description: `height in pixels, 16 to ${PLOT_MAX_SIZE} (default 420)` },
      units: {
        type: 'string',
        value: 'U',
        description: 'R(D) plots: rate axis in nats or bits (default: the units the results were saved in)',
      },
      distortion: {
        type: 'string',
        value: 'C',
        description:
          'R(D) plots: distortion axis as half-sse = ½E‖X−X̂‖², sse = E‖X−X̂‖² or mse = E‖X−X̂‖²/d (default: as saved)',
      },
    },
    notes: [
      'What is drawn follows the JSON: {points} with rateIqr (rd curve) → estimate, IQR band and reference R(D);',
      '{points} (rd analytic) → the analytic R(D); {x, density[, samples]} → p_1 (and a histogram of samples);',
      '{eps, slices: [{t, x, drift?, reference?}][, source]} → the learned drift against u* at each t.',
    ],
    examples: [
      `rd analytic --source '{"kind":"gaussian","variance":1}' --eps-range 0.05:0.95:10 --json > rd.json && rd plot rd.json --out rd.svg`,
      'rd plot r2d2.json nerd.json --out curves.png --title "GMM: R2D2 vs NERD"',
    ],
  },
  async run(options: ParsedOptions, io: CliIo) {
    const files = (options._ as string[] | undefined) ?? [];
    if (files.length === 0)
      throw new CliUsageError('missing RESULT.json (a file printed by rd analytic --json or rd curve --json)', NAME);
    const out = stringOption(options, 'out');
    if (out === undefined) throw new CliUsageError('missing --out FILE.svg|FILE.png', NAME);
    if (!/\.(svg|png)$/i.test(out)) throw new CliUsageError(`--out '${out}' must end in .svg or .png`, NAME);
    plotFormatOf(out);
    const bins =
      options.bins === undefined
        ? undefined
        : parseInteger('--bins', stringOption(options, 'bins', ''), 1, 10_000, NAME);
    // The PNG is rasterised at twice the size, 4 bytes a pixel: 4096×4096 is 256 MiB of pixels; beyond that refused.
    const size = (o: 'width' | 'height') =>
      options[o] === undefined
        ? undefined
        : parseInteger(`--${o}`, stringOption(options, o, ''), 16, PLOT_MAX_SIZE, NAME);
    const width = size('width');
    const height = size('height');
    // Only what is given: the default is the convention the results were saved in (their `conventions` record).
    const asked = Conventions.fromOptions(options, NAME, 1);
    const units = options.units !== undefined ? asked.units : undefined;
    const distortion = options.distortion !== undefined ? asked.distortionConvention : undefined;
    checkOutputPath(io, '--out', out);
    const results = files.map((file) => {
      const text = readTextFile(io, 'RESULT', file, NAME);
      try {
        return JSON.parse(text) as unknown;
      } catch (e) {
        throw new CliUsageError(
          `'${file}' is not JSON (${(e as Error).message})`,
          NAME,
          "Save results with 'rd analytic --json > FILE.json'.",
        );
      }
    });
    const completed = await Promise.all(results.map(completeDrift));
    const svg = resultPlotSvg(completed, {
      title: stringOption(options, 'title'),
      bins,
      width,
      height,
      ...(units !== undefined ? { units } : {}),
      ...(distortion !== undefined ? { distortion } : {}),
    });
    const written = await writePlot(out, svg, io.cwd);
    io.stderr(`rd plot: wrote ${written.path}\n`);
  },
};

// A drift result that names its source but lacks u* gets it computed on the same grid and times.
async function completeDrift(result: unknown): Promise<unknown> {
  if (resultKind(result) !== 'drift') return result;
  const r = result as { eps?: unknown; source?: unknown; slices: { t: number; x: number[]; reference?: number[] }[] };
  if (r.source === undefined || typeof r.eps !== 'number' || r.slices.every((s) => s.reference !== undefined))
    return result;
  const slices = await Promise.all(
    r.slices.map(async (s) => {
      if (s.reference !== undefined) return s;
      const [ref] = await optimalDriftSlices(r.source, r.eps as number, [s.t], s.x);
      return { ...s, reference: ref.reference };
    }),
  );
  return { ...r, slices };
}
