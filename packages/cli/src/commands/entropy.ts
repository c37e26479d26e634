// `rd entropy`: differential entropy (nats) of a sample file or of samples drawn from a source.
import { BACKEND_CHOICES as BACKENDS, Random, estimateEntropy, useBackend, type Samples } from '@ratedistortion/core';
import { resolve } from 'node:path';
import { Conventions, CONVENTION_OPTIONS } from '../args/conventions.js';
import { CliUsageError } from '../args/usage-error.js';
import { parseChoice, parseInteger } from '../args/values.js';
import type { ParsedOptions } from '../args/options.js';
import { readTextFile, type CliIo } from '../io/cli-io.js';
import { parseSampleTable } from '../io/csv.js';
import { formatJson, formatTable, type Cell } from '../io/format.js';
import { loadSource } from '../io/source.js';
import { stringOption, type Command } from './command.js';

/**
 * Estimators `rd entropy --estimator` accepts (core's `estimateEntropy`).
 *
 * @example
 * ```ts
 * import { ENTROPY_ESTIMATORS } from '@ratedistortion/cli/commands';
 * console.log(ENTROPY_ESTIMATORS.includes('knn')); // true
 * ```
 */
export const ENTROPY_ESTIMATORS = ['gaussian', 'knn', 'knife', 'dv', 'kde'] as const;

const NAME = 'entropy';
const DEFAULT_N = 2000;

/**
 * `rd entropy`: estimate the differential entropy of `--samples FILE` (one sample per row) or of `--n` samples
 * of `--source SPEC` drawn with `--seed`. With a source, the JSON output adds `"exact"` when the source knows its
 * entropy exactly (`"exactMethod": "exact"`) or by quadrature (`"quadrature"`, with `"exactErrorEstimate"`), and
 * `"reference"` with a standard error when it knows it only by Monte Carlo.
 *
 * @example
 * ```ts
 * import { runCli } from '@ratedistortion/cli';
 * await runCli(['entropy', '--source', '{"kind":"gaussian","variance":1}', '--estimator', 'gaussian', '--json']);
 * ```
 */
export const entropyCommand: Command = {
  spec: {
    name: NAME,
    summary: 'differential entropy (nats) of a sample file or of samples of a source',
    usage: [
      'rd entropy --samples FILE.csv|FILE.npy|FILE.npz [--estimator E] [--k K] [--seed S] [--units nats|bits] [--json]',
      'rd entropy --source SPEC [--n N] [--seed S] [--estimator E] [--k K] [--json]',
    ],
    options: {
      samples: {
        type: 'string',
        value: 'FILE',
        description: 'CSV/whitespace table, one sample per row (header and # comments allowed)',
      },
      source: {
        type: 'string',
        value: 'SPEC',
        description: "source to sample from: inline JSON or a JSON file (see 'rd sources')",
      },
      estimator: { type: 'string', value: 'E', description: `${ENTROPY_ESTIMATORS.join('|')} (default knn)` },
      k: { type: 'string', value: 'K', description: "neighbour index for knn (default: the estimator's)" },
      n: { type: 'string', value: 'N', description: `number of samples drawn from --source (default ${DEFAULT_N})` },
      seed: { type: 'string', value: 'S', description: 'seed of the sampler and of the knife/dv training (default 0)' },
      backend: {
        type: 'string',
        value: 'B',
        description: `tfjs backend for knife/dv: ${BACKENDS.join('|')} (default wasm)`,
      },
      units: CONVENTION_OPTIONS.units,
      json: { type: 'boolean', description: 'print JSON: {"estimator","entropy","n","dim","units",...}' },
    },
    notes: [
      'gaussian: plug-in ½ log det(2πe Σ̂) (exact only for Gaussian data); knn: Kozachenko–Leonenko;',
      'kde: leave-one-out Gaussian KDE; knife: learned kernel mixture; dv: Gaussian entropy minus a Donsker–Varadhan negentropy.',
    ],
    examples: [
      `rd entropy --source '{"kind":"gaussian","variance":1}' --estimator gaussian --n 5000 --json`,
      'rd entropy --samples data.csv --estimator knn --k 5',
    ],
  },
  async run(options: ParsedOptions, io: CliIo) {
    const samplesFile = stringOption(options, 'samples');
    const sourceText = stringOption(options, 'source');
    if ((samplesFile === undefined) === (sourceText === undefined)) {
      throw new CliUsageError('give exactly one of --samples FILE or --source SPEC', NAME);
    }
    const estimator = parseChoice('--estimator', stringOption(options, 'estimator', 'knn'), ENTROPY_ESTIMATORS, NAME);
    const k =
      options.k === undefined ? undefined : parseInteger('--k', stringOption(options, 'k', ''), 1, Infinity, NAME);
    if (k !== undefined && estimator !== 'knn') throw new CliUsageError('--k only applies to --estimator knn', NAME);
    const seed = parseInteger('--seed', stringOption(options, 'seed', '0'), 0, 0xffffffff, NAME);
    const rng = new Random(seed);
    const units = Conventions.fromOptions({ units: options.units }, NAME, 1);
    const backendText = stringOption(options, 'backend');
    if (backendText !== undefined && estimator !== 'knife' && estimator !== 'dv') {
      throw new CliUsageError('--backend only applies to the tfjs estimators knife and dv', NAME);
    }

    let samples: Samples;
    const extra: Record<string, unknown> = {};
    if (samplesFile !== undefined) {
      if (options.n !== undefined)
        throw new CliUsageError('--n applies to --source only (a sample file is used whole)', NAME);
      if (/\.np[yz]$/i.test(samplesFile)) {
        const { readNumpySamples } = await import('@ratedistortion/datasets');
        samples = readNumpySamples(resolve(io.cwd ?? process.cwd(), samplesFile));
      } else {
        samples = parseSampleTable(readTextFile(io, '--samples', samplesFile, NAME), samplesFile).samples;
      }
      extra.samples = samplesFile;
    } else {
      const n = parseInteger('--n', stringOption(options, 'n', String(DEFAULT_N)), 2, 100_000_000, NAME);
      const { spec, source } = loadSource(io, sourceText as string, NAME);
      // The sampler and the estimator get independent streams, so --seed fixes both without coupling them.
      const [sampleRng] = rng.split(1);
      samples = source.sample(n, sampleRng);
      extra.source = spec;
      extra.seed = seed;
      if (source.hasEntropy) {
        const known = source.entropy();
        if (known.method === 'exact' || known.method === 'quadrature') {
          extra.exact = known.value;
          extra.exactMethod = known.method;
          if (known.errorEstimate !== undefined) extra.exactErrorEstimate = known.errorEstimate;
        } else {
          extra.reference = { value: known.value, stdError: known.stdError, method: known.method };
        }
      }
    }

    if (estimator === 'knife' || estimator === 'dv') {
      const backend = parseChoice('--backend', backendText ?? 'wasm', BACKENDS, NAME);
      // 'auto' says on stderr which backend it picked, so stdout stays machine-readable.
      extra.backend = await useBackend(backend, backend === 'auto' ? { logger: (m) => io.stderr(`${m}\n`) } : {});
    }
    const est = await estimateEntropy(samples, { estimator, ...(k !== undefined ? { k } : {}), rng });
    const u = (x: number) => units.rate(x);
    if (typeof extra.exact === 'number') extra.exact = u(extra.exact);
    if (typeof extra.exactErrorEstimate === 'number') extra.exactErrorEstimate = u(extra.exactErrorEstimate);
    if (extra.reference) {
      const r = extra.reference as { value: number; stdError?: number; method: string };
      extra.reference = { ...r, value: u(r.value), ...(r.stdError !== undefined ? { stdError: u(r.stdError) } : {}) };
    }
    const result = {
      estimator: est.estimator,
      entropy: u(est.entropy),
      units: units.units,
      n: est.n,
      dim: est.dim,
      ...(est.stdError !== undefined ? { stdError: u(est.stdError) } : {}),
      ...extra,
      ...(est.details !== undefined ? { details: est.details } : {}),
    };

    if (options.json) {
      io.stdout(formatJson(result));
      return;
    }
    const rows: Cell[][] = [
      ['estimator', est.estimator],
      [`entropy (${units.units})`, result.entropy],
      ['n', est.n],
      ['dim', est.dim],
    ];
    if (result.stdError !== undefined) rows.push(['std error', result.stdError]);
    if (typeof extra.exact === 'number') rows.push([`exact (${String(extra.exactMethod)})`, extra.exact]);
    const ref = extra.reference as { value: number; stdError?: number } | undefined;
    if (ref)
      rows.push(['reference (monte carlo)', ref.stdError === undefined ? ref.value : `${ref.value} ± ${ref.stdError}`]);
    io.stdout(formatTable(['quantity', 'value'], rows));
  },
};
