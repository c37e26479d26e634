import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidParameterError, Random } from '@ratedistortion/core';
import { CIFAR_RECORD_BYTES } from '../cifar/cifar-images.js';
import { fsddFileNames } from '../fsdd/fsdd.js';
import { encodeWav16 } from '../fsdd/wav.js';
import { parseSourceSpec } from '../spec/parse-source-spec.js';
import { SOURCE_KINDS } from '../spec/source-kinds.js';
import { expectFieldError, gmm2dWithSecondCovariance } from '../spec/spec-errors.test-util.js';
import { SOURCE_KIND_NAMES, sourceFromSpec } from './source-from-spec.js';

const expectField = (spec: unknown, field: string, type?: typeof InvalidParameterError) =>
  expectFieldError(() => sourceFromSpec(spec), field, type);

describe('sourceFromSpec / toSpec', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rd-spec-'));
  const cifarDir = join(dir, 'cifar');
  const fsddDir = join(dir, 'fsdd');
  writeFileSync(join(dir, 'x.csv'), '1,2\n3,4\n5,7\n');
  {
    mkdirSync(cifarDir);
    const rec = new Uint8Array(CIFAR_RECORD_BYTES);
    for (let i = 1; i < rec.length; i++) rec[i] = (i * 37) % 256;
    for (let k = 1; k <= 5; k++) writeFileSync(join(cifarDir, `data_batch_${k}.bin`), rec);
    mkdirSync(fsddDir);
    const rng = new Random(1);
    for (const s of ['train', 'test'] as const) {
      for (const name of fsddFileNames(s))
        writeFileSync(
          join(fsddDir, name),
          encodeWav16(
            Float64Array.from({ length: 66 }, () => 0.1 * rng.normal()),
            8000,
          ),
        );
    }
  }

  const specs: unknown[] = [
    { kind: 'gaussian', variance: 2 },
    {
      kind: 'gaussian',
      mean: [1, 2],
      covariance: [
        [1, 0.2],
        [0.2, 1],
      ],
    },
    { kind: 'gaussian', dim: 5, decay: 0.3, rotationSeed: 4 },
    { kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.1, 0.2] },
    { kind: 'laplace', location: [0, 1], scale: 2 },
    { kind: 'uniform', low: -1, high: 1, dim: 3 },
    { kind: 'sinc4-mixture', weights: [0.4, 0.6], scales: [1, 2] },
    {
      kind: 'samples',
      rows: [
        [1, 2],
        [3, 4],
      ],
    },
    { kind: 'samples', file: join(dir, 'x.csv') },
    { kind: 'cifar10-patches', dir: cifarDir, split: 'train', patches: 50, seed: 3 },
    { kind: 'fsdd', dir: fsddDir, split: 'test' },
    { kind: 'noisy', source: { kind: 'laplace', scale: 1, dim: 2 }, noiseVariance: 0.05 },
    { kind: 'grid-density', x: [0, 1, 2], y: [0, 2, 2], values: [1, 2, 3, 4] },
  ];

  it('every kind round-trips: spec → source → toSpec → source gives the same draws', () => {
    const kinds = new Set<string>();
    for (const spec of specs) {
      const a = sourceFromSpec(spec);
      kinds.add(a.kind);
      const b = sourceFromSpec(JSON.parse(JSON.stringify(a.toSpec())));
      expect(b.toSpec()).toEqual(a.toSpec());
      expect(b.dim).toBe(a.dim);
      expect(b.sample(20, new Random(9)).data).toEqual(a.sample(20, new Random(9)).data);
      expect(b.mean()).toEqual(a.mean());
    }
    expect([...kinds].sort()).toEqual([...SOURCE_KIND_NAMES].sort());
  });

  it('SOURCE_KINDS lists every kind with fields; the synthetic examples build', () => {
    expect(SOURCE_KINDS.map((k) => k.kind).sort()).toEqual([...SOURCE_KIND_NAMES].sort());
    for (const k of SOURCE_KINDS) {
      expect(k.fields.find((f) => f.name === 'kind')?.required).toBe(true);
      expect(typeof k.description).toBe('string');
      for (const f of k.fields) {
        expect(Object.keys(f).sort()).toEqual(['description', 'name', 'required', 'type']);
        expect([typeof f.name, typeof f.type, typeof f.required, typeof f.description]).toEqual([
          'string',
          'string',
          'boolean',
          'string',
        ]);
      }
      expect(k.example.kind).toBe(k.kind);
      // Every example field is a documented field.
      for (const key of Object.keys(k.example)) expect(k.fields.map((f) => f.name)).toContain(key);
      if (!['cifar10-patches', 'fsdd'].includes(k.kind)) expect(sourceFromSpec(k.example).kind).toBe(k.kind);
    }
  });

  it('bad specs give typed errors naming the field', () => {
    expectField({ kind: 'gausian', variance: 1 }, 'kind');
    expectField({ variance: 1 }, 'kind');
    expectField('gaussian', 'spec');
    expectField({ kind: 'gmm', weights: [0.3, 0.3], means: [0, 1], variances: [1, 1] }, 'weights');
    expectField(
      {
        kind: 'gaussian',
        covariance: [
          [1, 0],
          [0, -1],
        ],
      },
      'covariance',
    );
    expectField(
      {
        kind: 'gaussian',
        mean: [0, 0, 0],
        covariance: [
          [1, 0],
          [0, 1],
        ],
      },
      'mean',
      DimensionMismatchError,
    );
    expectField(gmm2dWithSecondCovariance([[1]]), 'covariances[1]', DimensionMismatchError);
    expectField({ kind: 'samples', rows: [[1, 2], [3]] }, 'rows[1]', DimensionMismatchError);
    expectField({ kind: 'samples' }, 'rows');
    expectField({ kind: 'fsdd', dir: fsddDir, split: 'validation' }, 'split');
    expectField({ kind: 'cifar10-patches' }, 'dir');
    expectField({ kind: 'uniform', low: 0, high: 1, hight: 2 }, 'hight');
  });

  it('parseSourceSpec: JSON text to a SPEC object; bad JSON and a missing kind are typed errors', () => {
    expect(parseSourceSpec(' {"kind":"gaussian","variance":1} ')).toEqual({ kind: 'gaussian', variance: 1 });
    expect(sourceFromSpec(parseSourceSpec('{"kind":"uniform","low":0,"high":2}')).entropy().value).toBeCloseTo(
      Math.log(2),
      15,
    );
    expect(() => parseSourceSpec('{"kind":')).toThrow(InvalidParameterError);
    expect(() => parseSourceSpec('{"kind":')).toThrow(/valid JSON/);
    expect(() => parseSourceSpec('{"variance":1}')).toThrow(/kind/);
    expect(() => parseSourceSpec('spec.json')).toThrow(/valid JSON/);
  });
});
