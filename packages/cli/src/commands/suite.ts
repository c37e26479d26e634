// `rd suite`: the RD benchmark suite. `--references` prints the catalogue's reference values (from the versioned
// table, instantly); `--method M --seconds S` runs an estimator on every source and scores each point at the
// distortion it reached, with error bars. --out writes the table as JSON, CSV and an SVG figure (one pane per
// source), for the references alone or for a scored method; the paths are checked before any training.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BACKEND_CHOICES as BACKENDS, InvalidParameterError, writeFileAtomic } from '@ratedistortion/core';
import { CURVE_METHOD_NAMES } from '@ratedistortion/estimators';
import { Conventions, CONVENTION_OPTIONS } from '../args/conventions.js';
import type { ParsedOptions } from '../args/options.js';
import { CliUsageError } from '../args/usage-error.js';
import { parseChoice, parsePositive } from '../args/values.js';
import type { CliIo } from '../io/cli-io.js';
import { formatCsv, formatJson, formatTable, type Cell } from '../io/format.js';
import { checkOutputPath } from '../io/output-path.js';
import { suiteSvg, type SuitePlotSource } from '../plot/suite-plot.js';
import { stringOption, type Command } from './command.js';

const NAME = 'suite';
const METHODS = CURVE_METHOD_NAMES;

/**
 * `rd suite`: a fixed, versioned catalogue of sources with exact or certified R(D) references; print the references
 * (`--references`) or score an estimator on them (`--method M --seconds S`).
 *
 * @example
 * ```ts
 * import { runCli } from '@ratedistortion/cli';
 * await runCli(['suite', '--references', '--json']);
 * ```
 */
export const suiteCommand: Command = {
  spec: {
    name: NAME,
    summary:
      'RD benchmark suite: reference values of a versioned source catalogue, and estimator scores at the distortion reached',
    usage: [
      'rd suite --references [--out DIR] [--units U] [--distortion C] [--json | --csv]',
      'rd suite --method M --seconds S [--sources ID1,ID2,...] [--seed N] [--backend B] [--out DIR] [--units U] [--distortion C] [--json | --csv]',
    ],
    options: {
      references: {
        type: 'boolean',
        description: 'print every catalogue source with its reference points (no training)',
      },
      method: { type: 'string', value: 'M', description: `estimator to score: ${METHODS.join('|')}` },
      seconds: { type: 'string', value: 'S', description: 'training budget per source, seconds' },
      sources: { type: 'string', value: 'IDS', description: 'comma-separated catalogue ids (default: all)' },
      seed: { type: 'string', value: 'N', description: 'seed (default 0)' },
      backend: { type: 'string', value: 'B', description: `tfjs backend: ${BACKENDS.join('|')} (default wasm)` },
      out: {
        type: 'string',
        value: 'DIR',
        description:
          'also write suite-<method>.json, .csv and .svg (suite-references.* with --references) to DIR; the SVG is in nats and D = ½E‖X−X̂‖²',
      },
      ...CONVENTION_OPTIONS,
      json: { type: 'boolean', description: 'print JSON' },
      csv: { type: 'boolean', description: 'print CSV with a header line' },
    },
    notes: [
      'Each source has a reference kind: exact (closed form, or the Shannon lower bound where it is tight, entropy by',
      'quadrature) or ba (Blahut–Arimoto, with its dual gap). Deconvolution sources X = Y + N(0, σ²I) have R(D) = SLB',
      'for D ≤ dσ²/2 only; an estimate beyond that is listed without an error. The error of an estimate is',
      'R̂ − R(D̂) at the distortion D̂ it reached, its SE = √(SE_R² + (SE_D/eps*)²). See docs/suite.md.',
    ],
    examples: [
      'rd suite --references',
      'rd suite --references --json --units bits --distortion mse',
      'rd suite --references --out suite-v1',
      'rd suite --method wgd --seconds 10 --sources gaussian-1d,laplace-1d --out results',
    ],
  },
  async run(options: ParsedOptions, io: CliIo) {
    if (options.json && options.csv) throw new CliUsageError('--json and --csv are exclusive', NAME);
    Conventions.fromOptions(options, NAME, 1);
    const est = await import('@ratedistortion/estimators');
    const ids = stringOption(options, 'sources')
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    for (const id of ids ?? []) {
      if (!est.SUITE_SOURCES.some((s) => s.id === id))
        throw new CliUsageError(
          `--sources: unknown id '${id}' (ids: ${est.SUITE_SOURCES.map((s) => s.id).join(', ')})`,
          NAME,
        );
    }
    const chosen = est.SUITE_SOURCES.filter((s) => ids === undefined || ids.includes(s.id));
    if (options.references) {
      if (options.method !== undefined || options.seconds !== undefined)
        throw new CliUsageError('--references prints the table; it takes no --method or --seconds', NAME);
      const outFiles = suiteOutputs(io, options, 'references');
      printReferences(io, options, est, chosen, outFiles);
      return;
    }
    const methodText = stringOption(options, 'method');
    const secondsText = stringOption(options, 'seconds');
    if (methodText === undefined || secondsText === undefined)
      throw new CliUsageError('give --references, or --method M and --seconds S', NAME);
    const method = parseChoice('--method', methodText, METHODS, NAME);
    const seconds = parsePositive('--seconds', secondsText, NAME);
    const seedText = stringOption(options, 'seed', '0');
    const seed = Number(seedText);
    if (!Number.isInteger(seed) || seed < 0)
      throw new CliUsageError(`--seed expects an integer >= 0, got '${seedText}'`, NAME);
    const backend = parseChoice('--backend', stringOption(options, 'backend', 'wasm'), BACKENDS, NAME);
    const outFiles = suiteOutputs(io, options, method);
    const result = await est.runSuite({
      method,
      seconds,
      seed,
      backend,
      sources: chosen.map((s) => s.id),
      onSource: (id, rows) =>
        io.stderr(`rd suite: ${id} done (${rows.length} points, ${rows[0]?.seconds.toFixed(1) ?? 0} s)\n`),
    });
    const conv = (dim: number) => Conventions.fromOptions(options, NAME, dim);
    const rows = result.rows.map((r) => {
      const c = conv(r.dim);
      return {
        source: r.source,
        eps: r.eps,
        rate: c.rate(r.rate),
        rateSe: finite(r.rateSe, (x) => c.rate(x)),
        distortion: c.distortion(r.distortion),
        distortionSe: finite(r.distortionSe, (x) => c.distortion(x)),
        referenceRate: r.reference ? c.rate(r.reference.rate) : undefined,
        referenceKind: r.reference?.kind,
        errorAtDistortion: r.errorAtDistortion !== undefined ? c.rate(r.errorAtDistortion) : undefined,
        errorSe: r.errorSe !== undefined ? c.rate(r.errorSe) : undefined,
        note: r.note,
        seconds: r.seconds,
        steps: r.steps,
      };
    });
    const c1 = conv(1);
    const json = {
      suite: result.suite,
      method,
      seconds,
      seed,
      conventions: { rate: c1.units, distortion: c1.distortionConvention },
      rows,
    };
    const headers = [
      'source',
      'eps',
      'rate',
      'rate_se',
      'distortion',
      'distortion_se',
      'reference_rate_at_distortion',
      'reference_kind',
      'error_at_distortion',
      'error_se',
      'seconds',
      'steps',
      'note',
    ];
    const cells: Cell[][] = rows.map((r) => [
      r.source,
      r.eps,
      r.rate,
      r.rateSe ?? '',
      r.distortion,
      r.distortionSe ?? '',
      r.referenceRate ?? '',
      r.referenceKind ?? '',
      r.errorAtDistortion ?? '',
      r.errorSe ?? '',
      r.seconds,
      r.steps,
      r.note ?? '',
    ]);
    let writeOutputs: (() => void) | undefined;
    if (outFiles !== undefined) {
      const plotted: SuitePlotSource[] = chosen.map((s) => ({
        id: s.id,
        description: s.description,
        ...referenceOf(est, s),
        estimates: result.rows
          .filter((r) => r.source === s.id)
          .map((r) => ({ rate: r.rate, distortion: r.distortion, rateSe: r.rateSe, distortionSe: r.distortionSe })),
      }));
      writeOutputs = () =>
        writeSuiteOutputs(io, outFiles, formatJson(json), formatCsv(headers, cells), suiteSvg(plotted, { method }));
    }
    if (options.json) io.stdout(formatJson(json));
    else if (options.csv) io.stdout(formatCsv(headers, cells));
    else {
      const se = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '' : x.toPrecision(2));
      io.stdout(
        formatTable(
          [
            'source',
            'eps',
            `rate (${c1.units})`,
            `distortion (${c1.distortionConvention})`,
            'R(D̂)',
            'error at D̂',
            'SE',
            'kind',
            's',
          ],
          rows.map((r) => [
            r.source,
            r.eps,
            r.rate,
            r.distortion,
            r.referenceRate ?? '',
            r.errorAtDistortion ?? '',
            se(r.errorSe),
            r.referenceKind ?? (r.note ? 'none' : ''),
            Number(r.seconds.toFixed(1)),
          ]),
        ) + `# suite v${result.suite.version}, ${method}, ${seconds} s per source, seed ${seed}\n`,
      );
    }
    // Written after the table is printed, so that an output error never drops the computed scores.
    writeOutputs?.();
  },
};

interface SuiteOutputFiles {
  json: string;
  csv: string;
  svg: string;
}

/** The --out files (`suite-<name>.json/.csv/.svg`), the folder created and each path checked before any work. */
function suiteOutputs(io: CliIo, options: ParsedOptions, name: string): SuiteOutputFiles | undefined {
  const outText = stringOption(options, 'out');
  if (outText === undefined) return undefined;
  const dir = resolve(io.cwd ?? process.cwd(), outText);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new InvalidParameterError('--out', 'a folder that exists or can be created', outText, (e as Error).message);
  }
  const file = (ext: string) => checkOutputPath(io, '--out', join(dir, `suite-${name}.${ext}`));
  return { json: file('json'), csv: file('csv'), svg: file('svg') };
}

function writeSuiteOutputs(io: CliIo, files: SuiteOutputFiles, json: string, csv: string, svg: string): void {
  writeFileAtomic(files.json, json);
  writeFileAtomic(files.csv, csv);
  writeFileAtomic(files.svg, svg);
  io.stderr(`rd suite: wrote ${files.json}, .csv and .svg\n`);
}

/**
 * A source's reference for the figure, in nats and D = ½E‖X−X̂‖² (the figure's fixed conventions): the curve traced
 * at 25 slopes over [min eps / 2, 2·max eps] where each point is a closed form (Gaussians; deconvolution sources
 * up to eps = σ²), else the stored table's values (Blahut–Arimoto and BHE points cost up to seconds each).
 */
function referenceOf(
  est: typeof import('@ratedistortion/estimators'),
  source: import('@ratedistortion/estimators').SuiteSource,
): Pick<SuitePlotSource, 'reference' | 'referencePointsOnly'> {
  if (source.reference === 'closed-form' || source.reference === 'slb-deconvolution') {
    const lo = Math.min(...source.eps) / 2;
    let hi = 2 * Math.max(...source.eps);
    if (source.spec.kind === 'noisy') hi = Math.min(hi, source.spec.noiseVariance);
    const reference = Array.from({ length: 25 }, (_, k) => {
      const p = est.suiteReferenceAtEps(source, lo * (hi / lo) ** (k / 24));
      return { distortion: p.distortion, rate: p.rate };
    });
    return { reference };
  }
  const points = est.SUITE_REFERENCES_V1.find((t) => t.id === source.id)?.points ?? [];
  return { reference: points.map((p) => ({ distortion: p.distortion, rate: p.rate })), referencePointsOnly: true };
}

/** `convert(x)` for a finite x; undefined (no standard error: e.g. a single Blahut–Arimoto replicate) otherwise. */
function finite(x: number, convert: (x: number) => number): number | undefined {
  return Number.isFinite(x) ? convert(x) : undefined;
}

function printReferences(
  io: CliIo,
  options: ParsedOptions,
  est: typeof import('@ratedistortion/estimators'),
  chosen: readonly import('@ratedistortion/estimators').SuiteSource[],
  outFiles: SuiteOutputFiles | undefined,
): void {
  const table = new Map(est.SUITE_REFERENCES_V1.map((t) => [t.id, t.points]));
  const entries = chosen.map((s) => {
    const c = Conventions.fromOptions(options, NAME, s.dim);
    const points = (table.get(s.id) ?? []).map((p) => ({
      eps: p.eps,
      rate: c.rate(p.rate),
      distortion: c.distortion(p.distortion),
      kind: p.kind,
      method: p.method,
      ...(p.gap !== undefined ? { gap: c.rate(p.gap) } : {}),
      ...(p.errorEstimate !== undefined ? { errorEstimate: c.rate(p.errorEstimate) } : {}),
    }));
    return { id: s.id, description: s.description, dim: s.dim, spec: s.spec, reference: s.reference, points };
  });
  const c1 = Conventions.fromOptions(options, NAME, 1);
  const json = formatJson({
    suite: { version: est.SUITE_VERSION },
    conventions: { rate: c1.units, distortion: c1.distortionConvention },
    sources: entries,
  });
  const headers = ['source', 'dim', 'eps', 'rate', 'distortion', 'kind', 'method', 'gap'];
  const rows: Cell[][] = entries.flatMap((e) =>
    e.points.map((p) => [e.id, e.dim, p.eps, p.rate, p.distortion, p.kind, p.method, p.gap ?? '']),
  );
  if (outFiles !== undefined) {
    const plotted = chosen.map((s) => ({ id: s.id, description: s.description, ...referenceOf(est, s) }));
    writeSuiteOutputs(io, outFiles, json, formatCsv(headers, rows), suiteSvg(plotted));
  }
  if (options.json) io.stdout(json);
  else if (options.csv) io.stdout(formatCsv(headers, rows));
  else
    io.stdout(
      formatTable(
        headers.map((h) =>
          h === 'rate' ? `rate (${c1.units})` : h === 'distortion' ? `distortion (${c1.distortionConvention})` : h,
        ),
        rows,
      ) + `# suite v${est.SUITE_VERSION}: ${entries.length} sources\n`,
    );
}
