import { readFileSync } from 'node:fs';
import { InvalidParameterError, Random, useBackend } from '@ratedistortion/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BlahutArimotoEstimator } from '../blahut-arimoto/blahut-arimoto-estimator.js';
import { EBRD } from '../ebrd/ebrd.js';
import { NERD } from '../nerd/nerd.js';
import { R2D2 } from '../r2d2/r2d2.js';
import { WGD } from '../wgd/wgd.js';
import { checkpointTail, parseCheckpointEnvelope, type CheckpointEnvelopeKind } from './checkpoint-envelope.js';

const source = {
  dim: 1,
  sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }),
  toSpec: () => ({ kind: 'gaussian', dim: 1 }),
};
// Written by fixtures/make-checkpoints.ts with the estimators as they were before the envelope parser was shared.
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/checkpoints-v1.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, unknown> & { config?: Record<string, unknown> }
>;
const restore: Record<string, (c: unknown) => { toJSON(): unknown; dispose(): void }> = {
  r2d2: (c) => R2D2.fromJSON(c, source),
  nerd: (c) => NERD.fromJSON(c, source),
  wgd: (c) => WGD.fromJSON(c, source),
  ebrd: (c) => EBRD.fromJSON(c, source),
  ba: (c) => BlahutArimotoEstimator.fromJSON(c, source),
};

beforeAll(async () => {
  await useBackend('cpu');
});

describe('checkpoints written before the envelope parser was shared', () => {
  it.each(Object.keys(restore))('%s loads and is written back unchanged', (method) => {
    const fixture = fixtures[method];
    const est = restore[method](JSON.stringify(fixture));
    const back = est.toJSON() as typeof fixture;
    est.dispose();
    const { config, ...rest } = back;
    const { config: fixtureConfig, ...fixtureRest } = fixture;
    expect(rest).toEqual(fixtureRest);
    // Every config field the restored estimator still writes under its name is unchanged.
    for (const [key, value] of Object.entries(fixtureConfig ?? {}))
      if (config && key in config) expect(config[key]).toEqual(value);
  });
});

describe('parseCheckpointEnvelope', () => {
  const kind: CheckpointEnvelopeKind = {
    format: 'ratedistortion/toy-checkpoint',
    version: 1,
    method: 'toy',
    name: 'toy',
    streams: ['train', 'start'],
    nullableStreams: ['start'],
    network: true,
  };
  const good = {
    format: kind.format,
    version: 1,
    method: 'toy',
    config: { dim: 1 },
    weights: ['AAAAAA=='],
    optimizer: { step: 0, m: ['AAAAAA=='], v: ['AAAAAA=='] },
    rng: { train: new Random(1).getState(), start: null },
    progress: { steps: 0, seconds: 0 },
  };

  it('accepts a well-formed envelope, as an object or JSON text', () => {
    expect(parseCheckpointEnvelope(good, kind).progress).toEqual({ steps: 0, seconds: 0 });
    expect(parseCheckpointEnvelope(JSON.stringify(good), kind).rng).toEqual(good.rng);
  });

  it.each([
    ['checkpoint.format', { format: 'other' }],
    ['checkpoint.version', { version: 2 }],
    ['checkpoint.method', { method: 'nerd' }],
    ['checkpoint.config', { config: [1] }],
    ['checkpoint.weights', { weights: [1] }],
    ['checkpoint.optimizer', { optimizer: { step: -1, m: [], v: [] } }],
    ['checkpoint.optimizer.m', { optimizer: { step: 0, m: [0], v: [] } }],
    ['checkpoint.optimizer.v', { optimizer: { step: 0, m: [], v: null } }],
    ['checkpoint.rng', { rng: { train: null, start: null } }],
    ['checkpoint.rng', { rng: { start: null } }],
    ['checkpoint.progress', { progress: { steps: 1.5, seconds: 0 } }],
    ['checkpoint.progress', { progress: { steps: 1, seconds: -1 } }],
  ])('names %s when it is malformed (%j)', (name, change) => {
    const bad = { ...good, ...change };
    expect(() => parseCheckpointEnvelope(bad, kind)).toThrow(InvalidParameterError);
    expect(() => parseCheckpointEnvelope(bad, kind)).toThrow(`Invalid ${name}:`);
  });

  it('does not require network fields or a config when the kind has none', () => {
    const { weights, optimizer, config, ...plain } = good;
    expect(() => parseCheckpointEnvelope(plain, { ...kind, network: false, config: false })).not.toThrow();
    expect(() => parseCheckpointEnvelope(plain, { ...kind, network: false })).toThrow(/checkpoint\.config/);
    expect(() => parseCheckpointEnvelope(plain, { ...kind, config: false })).toThrow(/checkpoint\.weights/);
  });
});

describe('checkpointTail', () => {
  it('records the spec when toSpec succeeds and leaves it out otherwise', () => {
    expect(checkpointTail(source, 3, 0.5)).toEqual({
      progress: { steps: 3, seconds: 0.5 },
      source: { kind: 'gaussian', dim: 1 },
    });
    const failing = () => {
      throw new Error('no spec');
    };
    expect(checkpointTail({ toSpec: failing }, 1, 0)).toEqual({ progress: { steps: 1, seconds: 0 } });
    expect(checkpointTail({}, 1, 0)).toEqual({ progress: { steps: 1, seconds: 0 } });
  });
});
