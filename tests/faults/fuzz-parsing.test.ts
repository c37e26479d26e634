// Property-based fuzz (fast-check, fixed seeds) of what users type: source SPECs, sample tables (CSV) and
// command-line flags. The property everywhere: a typed error (a RateDistortionError naming the parameter) or a
// valid result — never a raw TypeError/RangeError, a NaN, an Infinity, or a hang.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random, RateDistortionError } from '@ratedistortion/core';
import { sourceFromSpec } from '../../packages/datasets/src/registry/source-from-spec.js';
import { SOURCE_KINDS } from '../../packages/datasets/src/spec/source-kinds.js';
import { parseCommandOptions } from '../../packages/cli/src/args/options.js';
import {
  parseByteSize,
  parseInteger,
  parsePositive,
  parsePositiveList,
  parseRange,
} from '../../packages/cli/src/args/values.js';
import { curveCommand } from '../../packages/cli/src/commands/curve.js';
import { parseSampleTable } from '../../packages/cli/src/io/csv.js';

/** Runs per property; the counts are reported in the issue-18 note. */
const FUZZ_RUNS = { spec: 2000, csv: 2000, flags: 2000, values: 2000 } as const;

function typedOrValid<T>(f: () => T, check: (value: T) => void): void {
  let value: T;
  try {
    value = f();
  } catch (e) {
    if (!(e instanceof RateDistortionError))
      throw new Error(`untyped error: ${(e as Error).name}: ${(e as Error).message}`);
    expect(e.message).not.toMatch(/\bNaN\b.*\bexpected\b/);
    return;
  }
  check(value);
}

const FIELDS = [
  'variance',
  'dim',
  'mean',
  'covariance',
  'decay',
  'amplitude',
  'rotationSeed',
  'scale',
  'weights',
  'means',
  'variances',
  'rows',
  'low',
  'high',
  'components',
  'period',
  'width',
  'a',
  'b',
  'data',
  'n',
  'seed',
];
const scalar = fc.oneof(
  fc.double(),
  fc.integer({ min: -3, max: 6 }),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(0, 1, 0.5, 2, 1e-300, 1e300, -1, Number.MAX_SAFE_INTEGER),
);
const value = fc.oneof(
  scalar,
  fc.array(fc.oneof(fc.double({ min: -4, max: 4 }), scalar), { maxLength: 4 }),
  fc.array(fc.array(fc.double({ min: -3, max: 3 }), { maxLength: 3 }), { maxLength: 3 }),
);
// A kind's example SPEC with up to three fields replaced by random values or dropped: mostly near-valid SPECs,
// so that both outcomes (typed error, working source) are exercised, plus wholly random kinds.
const fieldNames = [...new Set([...FIELDS, ...SOURCE_KINDS.flatMap((k) => k.fields.map((f) => f.name))])].filter(
  (n) => n !== 'kind',
);
/** `arb` once in `n` draws, else undefined. */
const rarely = <T>(arb: fc.Arbitrary<T>, n: number) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: n - 1 }, { arbitrary: arb, weight: 1 });
const near = fc.oneof(fc.double({ min: 0.01, max: 4, noNaN: true }), fc.integer({ min: 1, max: 4 }), value);
const spec = fc
  .tuple(
    fc.constantFrom(...SOURCE_KINDS),
    fc.array(fc.tuple(fc.nat(), fc.option(near, { nil: undefined, freq: 4 })), { maxLength: 2 }),
    rarely(fc.tuple(fc.constantFrom(...fieldNames), value), 8),
    rarely(fc.string({ maxLength: 6 }), 20),
  )
  .map(([k, edits, extra, kind]) => {
    const o: Record<string, unknown> = { ...(k.example as unknown as Record<string, unknown>) };
    const own = k.fields.map((f) => f.name).filter((n) => n !== 'kind');
    for (const [i, v] of edits) {
      if (own.length === 0) break;
      const name = own[i % own.length];
      if (v === undefined) delete o[name];
      else o[name] = v;
    }
    if (extra !== undefined) o[extra[0]] = extra[1];
    if (kind !== undefined) o.kind = kind;
    return o;
  });

describe('fuzz: source SPECs', () => {
  it(`${FUZZ_RUNS.spec} random SPECs: a typed error, or a source drawing finite samples of its dimension`, () => {
    let valid = 0;
    fc.assert(
      fc.property(spec, (s) => {
        typedOrValid(
          () => sourceFromSpec(s),
          (src) => {
            valid++;
            expect(Number.isInteger(src.dim) && src.dim >= 1).toBe(true);
            const x = src.sample(3, new Random(1));
            expect(x.data.length).toBe(3 * src.dim);
            for (const v of x.data) expect(Number.isFinite(v)).toBe(true);
          },
        );
      }),
      { numRuns: FUZZ_RUNS.spec, seed: 18 },
    );
    // Both outcomes occur often (measured with seed 18: see the issue-18 note), so neither path goes untested.
    expect(valid).toBeGreaterThan(FUZZ_RUNS.spec / 10);
    expect(valid).toBeLessThan(FUZZ_RUNS.spec * 0.9);
  });
});

describe('fuzz: sample tables', () => {
  const text = fc
    .array(fc.constantFrom(...'0123456789.,;-+eE \t\n#xNaInf'.split(''), '1e999', 'nan', 'Infinity', '\r\n'), {
      maxLength: 40,
    })
    .map((a) => a.join(''));
  it(`${FUZZ_RUNS.csv} random tables: a typed error naming line and column, or finite samples of one width`, () => {
    fc.assert(
      fc.property(text, (t) => {
        typedOrValid(
          () => parseSampleTable(t, 'f.csv'),
          ({ samples }) => {
            expect(samples.n).toBeGreaterThan(0);
            expect(samples.data.length).toBe(samples.n * samples.dim);
            for (const v of samples.data) expect(Number.isFinite(v)).toBe(true);
          },
        );
      }),
      { numRuns: FUZZ_RUNS.csv, seed: 18 },
    );
  });
});

describe('fuzz: command-line flags and values', () => {
  const word = fc.oneof(
    fc.constantFrom(
      '--eps',
      '--steps',
      '--seed',
      '--json',
      '--csv',
      '--method',
      '--hidden',
      '--nope',
      '-o',
      '--',
      '--eps=0.1',
      '0.1',
      '-1',
      '1e999',
      'abc',
      '0.1,0.2',
      '1:2:3',
      'r2d2',
      '',
      '--force',
      '--shard',
      '1/2',
    ),
    fc.string({ maxLength: 5 }),
  );
  it(`${FUZZ_RUNS.flags} random argument lists for rd curve: a CliUsageError or parsed options`, () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), (argv) => {
        typedOrValid(
          () => parseCommandOptions(curveCommand.spec, argv),
          (o) => expect(typeof o).toBe('object'),
        );
      }),
      { numRuns: FUZZ_RUNS.flags, seed: 18 },
    );
  });

  const valueText = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc
      .array(fc.constantFrom(...'0123456789.,:-+eE xKMGiB'.split(''), 'NaN', 'Infinity', '1e999'), { maxLength: 12 })
      .map((a) => a.join('')),
  );
  it(`${FUZZ_RUNS.values} random option values: every parser returns finite numbers in its range or a typed error`, () => {
    fc.assert(
      fc.property(valueText, (t) => {
        typedOrValid(
          () => parsePositive('--x', t),
          (v) => expect(Number.isFinite(v) && v > 0).toBe(true),
        );
        typedOrValid(
          () => parseInteger('--x', t, 1, 100),
          (v) => expect(Number.isInteger(v) && v >= 1 && v <= 100).toBe(true),
        );
        typedOrValid(
          () => parsePositiveList('--x', t),
          (v) => v.forEach((e) => expect(Number.isFinite(e) && e > 0).toBe(true)),
        );
        typedOrValid(
          () => parseRange('--x', t, { positive: true }),
          (v) => v.forEach((e) => expect(Number.isFinite(e) && e > 0).toBe(true)),
        );
        typedOrValid(
          () => parseByteSize('--x', t),
          (v) => expect(Number.isFinite(v) && v > 0).toBe(true),
        );
      }),
      { numRuns: FUZZ_RUNS.values, seed: 18 },
    );
  });
});
