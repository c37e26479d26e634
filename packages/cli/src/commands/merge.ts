// `rd merge PARTS...`: combine the partial results of a sharded `rd curve` or `rd reproduce` run into the normal
// result, after checking that the parts share one configuration and cover every unit exactly once.
import { isAbsolute, resolve } from 'node:path';
import { writeFileAtomic } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { CONVENTION_OPTIONS, Conventions } from '../args/conventions.js';
import { CliUsageError } from '../args/usage-error.js';
import type { ParsedOptions } from '../args/options.js';
import { readTextFile, type CliIo } from '../io/cli-io.js';
import { checkOutputPath } from '../io/output-path.js';
import { formatJson, formatTable } from '../io/format.js';
import type { RunCurveResult } from '@ratedistortion/estimators';
import { curveTable } from '../reproduce/curve-figures.js';
import { resultPlotSvg } from '../plot/result-plot.js';
import { plotFormatOf, writePlot } from '../plot/write-plot.js';
import { FIGURE_IDS, type FigureId, type FigureSettings } from '../reproduce/figure.js';
import { FIGURES } from '../reproduce/figures.js';
import { assembleFigure } from '../reproduce/run-figure.js';
import { assembleCurveResults } from '../shard/curve-units.js';
import {
  combineShards,
  readShardFile,
  type ShardFile,
  type SweepConfig,
  type UnitRecord,
} from '../shard/shard-file.js';
import { stringOption, type Command } from './command.js';
import { inConventions } from './curve-format.js';
import { figureReport } from './reproduce.js';

const NAME = 'merge';

/**
 * The normal result of a merged sweep: `rd curve` results (one per method; a single method's result alone, as
 * `rd curve --json` prints it) or a figure result.
 *
 * @example
 * ```ts
 * import { mergedResult, type SweepConfig, type UnitRecord } from '@ratedistortion/cli';
 * const redo = (config: SweepConfig, records: UnitRecord[]) => mergedResult(config, records);
 * ```
 */
export async function mergedResult(
  config: SweepConfig,
  records: readonly UnitRecord[],
): Promise<{ kind: 'curve'; json: unknown; results: unknown[] } | { kind: 'figure'; json: unknown; report: string }> {
  if (config.kind === 'curve') {
    const results = assembleCurveResults(config, records);
    return { kind: 'curve', json: results.length === 1 ? results[0] : { results }, results };
  }
  const id = config.figure as FigureId;
  if (!(FIGURE_IDS as readonly string[]).includes(id))
    throw new CliUsageError(
      `the shards are of an unknown figure '${String(config.figure)}'`,
      NAME,
      'Merge them with the rd version that wrote them.',
    );
  const result = await assembleFigure(FIGURES[id], config.settings as unknown as FigureSettings, records);
  return { kind: 'figure', json: result, report: figureReport(result) };
}

/**
 * `rd merge PARTS... [-o OUT.json] [--plot FILE]`.
 *
 * @example
 * ```ts
 * import { mkdtempSync, readdirSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { runCli } from '@ratedistortion/cli';
 * const dir = mkdtempSync(join(tmpdir(), 'rd-merge-'));
 * const io = { stdout: (s: string) => { process.stdout.write(s); }, stderr: () => {}, cwd: dir };
 * for (const i of [1, 2]) await runCli(['reproduce', 'fig3', '--shard', `${i}/2`, '--progress', 'none'], io);
 * const parts = readdirSync(dir).filter((f) => f.includes('-shard-'));
 * console.log(await runCli(['merge', ...parts, '-o', 'fig3.json'], io)); // 0
 * ```
 */
export const mergeCommand: Command = {
  spec: {
    name: NAME,
    summary: 'combine the shard results of rd curve --shard / rd reproduce --shard into the normal result',
    usage: [
      'rd merge PART.json [PART.json ...] [-o OUT.json] [--plot FILE.svg|png] [--units U] [--distortion C] [--json]',
    ],
    positionals: { value: 'PART.json', description: 'the files written by every shard of one run' },
    options: {
      out: {
        type: 'string',
        value: 'FILE',
        short: 'o',
        description: 'write the merged result (the JSON rd curve --json / rd reproduce writes; rd plot redraws it)',
      },
      plot: { type: 'string', value: 'FILE', description: 'also draw it as FILE.svg or FILE.png' },
      json: { type: 'boolean', description: 'print the merged JSON instead of the table' },
      force: { type: 'boolean', description: 'let -o replace one of the PART files' },
      ...CONVENTION_OPTIONS,
    },
    notes: [
      'The parts must come from one configuration (same hash: same command, only --shard differing) and together hold',
      'every unit exactly once; otherwise rd merge names the odd file, the duplicated units, or the missing units and shards.',
      'Medians and IQRs over seeds are recomputed from all units: the merged result equals the unsharded run.',
    ],
    examples: [
      'rd merge rd-curve-*-shard-*.json -o curve.json --plot curve.svg',
      'rd merge parts/fig2-*-shard-*.json -o fig2.json',
    ],
  },
  async run(options: ParsedOptions, io: CliIo) {
    const files = (options._ as string[] | undefined) ?? [];
    if (files.length === 0) throw new CliUsageError('missing PART.json (the files written by the shards)', NAME);
    const plot = stringOption(options, 'plot');
    if (plot !== undefined) {
      plotFormatOf(plot);
      checkOutputPath(io, '--plot', plot);
    }
    const outOption = stringOption(options, 'out');
    if (outOption !== undefined) {
      const target = checkOutputPath(io, '-o', outOption);
      const cwdHere = io.cwd ?? process.cwd();
      const input = files.find((f) => resolve(cwdHere, f) === target);
      if (input !== undefined && options.force !== true) {
        throw new CliUsageError(
          `-o ${outOption} is one of the parts being merged ('${input}'); writing it would destroy that shard`,
          NAME,
          'Choose another -o file, or pass --force.',
        );
      }
    }
    const parts = files.map((name) => {
      const text = readTextFile(io, 'PART', name, NAME);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new CliUsageError(
          `'${name}' is not JSON (${(e as Error).message.split('\n')[0]})`,
          NAME,
          'Run that shard again.',
        );
      }
      return { name, file: readShardFile(value, name) as ShardFile };
    });
    const { config, records } = combineShards(parts);
    let merged = await mergedResult(config, records);
    const convert = options.units !== undefined || options.distortion !== undefined;
    if (convert && merged.kind === 'figure')
      throw new CliUsageError(
        '--units and --distortion apply to merged rd curve results; rd reproduce figures are printed in nats and D = ½E‖X−X̂‖²',
        NAME,
      );
    let conventions: Conventions | undefined;
    if (merged.kind === 'curve') {
      const results = merged.results as RunCurveResult[];
      // Only mse needs the dimension; building a samples source to learn it would read its data file.
      const dim = options.distortion === 'mse' ? sourceFromSpec(results[0].source).dim : 1;
      conventions = Conventions.fromOptions(options, NAME, dim);
      if (conventions.units !== 'nats' || conventions.distortionConvention !== 'half-sse') {
        const shown = results.map((r) => ({ ...inConventions(r, conventions!), conventions: conventions!.toJSON() }));
        merged = { ...merged, results: shown, json: shown.length === 1 ? shown[0] : { results: shown } };
      }
    }
    const out = stringOption(options, 'out');
    const cwd = io.cwd ?? process.cwd();
    if (options.json) io.stdout(formatJson(merged.json));
    else if (merged.kind === 'figure') io.stdout(merged.report);
    else {
      const t = curveTable(merged.results as RunCurveResult[], {
        rate: conventions?.units ?? 'nats',
        ...(conventions && conventions.distortionConvention !== 'half-sse'
          ? { distortion: conventions.distortionConvention }
          : {}),
      });
      io.stdout(formatTable(t.headers, t.rows));
    }
    if (out !== undefined) {
      const path = isAbsolute(out) ? out : resolve(cwd, out);
      writeFileAtomic(path, JSON.stringify(merged.json, null, 1));
      io.stderr(`rd merge: ${parts.length} part(s), ${records.length} unit(s); wrote ${path}\n`);
    }
    if (plot !== undefined) {
      const written = await writePlot(plot, resultPlotSvg([merged.json]), cwd);
      io.stderr(`rd merge: wrote ${written.path}\n`);
    }
  },
};
