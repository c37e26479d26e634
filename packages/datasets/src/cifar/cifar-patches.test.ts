import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random } from '@ratedistortion/core';
import { DatasetFileError } from '../errors/dataset-file-error.js';
import { momentZScores } from '../source/moment-check.js';
import { empiricalCovariance, empiricalMean } from '../synthetic/empirical.js';
import { CIFAR_RECORD_BYTES, CifarImages } from './cifar-images.js';
import { loadCifarPatches } from './cifar-patches.js';

/** A CIFAR-10 binary record with label and R, G, B planes given by functions of (row, col). */
function record(
  label: number,
  r: (i: number, j: number) => number,
  g: (i: number, j: number) => number,
  b: (i: number, j: number) => number,
): Uint8Array {
  const out = new Uint8Array(CIFAR_RECORD_BYTES);
  out[0] = label;
  for (let i = 0; i < 32; i++) {
    for (let j = 0; j < 32; j++) {
      out[1 + i * 32 + j] = r(i, j);
      out[1025 + i * 32 + j] = g(i, j);
      out[2049 + i * 32 + j] = b(i, j);
    }
  }
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// Image 0: R = 8·row, G = 4·col, B = 255 − row − col; image 1: a seeded random image.
const rng = new Random(123);
const img0 = record(
  3,
  (i) => 8 * i,
  (_, j) => 4 * j,
  (i, j) => 255 - i - j,
);
const img1 = record(
  9,
  () => rng.uniformInt(256),
  () => rng.uniformInt(256),
  () => rng.uniformInt(256),
);
const batch = concat([img0, img1]);

describe('CIFAR-10 binary batches → 4×4 grayscale patches', () => {
  it('decodes records: label, BT.601 grayscale scaled to [0, 1]', () => {
    const imgs = CifarImages.fromBytes([{ name: 'b', bytes: batch }]);
    expect(imgs.count).toBe(2);
    expect(imgs.label(0)).toBe(3);
    expect(imgs.label(1)).toBe(9);
    expect(imgs.gray(0, 5, 7)).toBeCloseTo((0.299 * 40 + 0.587 * 28 + 0.114 * 243) / 255, 15);
  });

  it('patches are row-major 4×4 windows', () => {
    const src = loadCifarPatches(batch);
    const p = src.patch(0, 10, 20);
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        const [i, j] = [10 + a, 20 + b];
        expect(p[a * 4 + b]).toBeCloseTo((0.299 * 8 * i + 0.587 * 4 * j + 0.114 * (255 - i - j)) / 255, 15);
      }
    }
  });

  it('fresh mode: exact moments over all 2·841 patches match a brute-force pass and the sampler', () => {
    const src = loadCifarPatches(batch);
    const all = src.allPatches(1);
    expect(all.n).toBe(2 * 29 * 29);
    const m = empiricalMean(all);
    const c = empiricalCovariance(all);
    src.mean().forEach((v, i) => expect(v).toBeCloseTo(m[i], 13));
    src.covariance().forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(c[i][j], 13)));
    const z = momentZScores(src.sample(30_000, new Random(4)), src.mean(), src.covariance());
    expect(z.meanZ).toBeLessThan(5);
    expect(z.covarianceZ).toBeLessThan(5);
    // Values in [0, 1].
    const x = src.sample(1000, new Random(5)).data;
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
  });

  it('pool mode: a seeded pool, resampled with replacement; same seed ⇒ same pool', () => {
    const a = loadCifarPatches(batch, { patches: 500, seed: 7 });
    const b = loadCifarPatches(batch, { patches: 500, seed: 7 });
    expect(a.pool!.data).toEqual(b.pool!.data);
    expect(a.sample(50, new Random(1)).data).toEqual(b.sample(50, new Random(1)).data);
    expect(a.mean()).toEqual(empiricalMean(a.pool!));
    expect(a.toSpec()).toEqual({ kind: 'cifar10-patches', split: 'train', patches: 500, seed: 7 });
  });

  it('reads a directory of batch files (Node) and round-trips its spec; reports missing and malformed files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-cifar-'));
    for (let k = 1; k <= 5; k++) writeFileSync(join(dir, `data_batch_${k}.bin`), k === 3 ? img1 : img0);
    const src = loadCifarPatches(dir, { patches: 100, seed: 1 });
    expect(src.images.count).toBe(5);
    expect(src.toSpec()).toEqual({ kind: 'cifar10-patches', dir, split: 'train', patches: 100, seed: 1 });
    expect(() => loadCifarPatches(dir, { split: 'test' })).toThrow(DatasetFileError);
    expect(() => loadCifarPatches(dir, { split: 'test' })).toThrow(/test_batch\.bin.*not found.*cs\.toronto\.edu/);
    writeFileSync(join(dir, 'test_batch.bin'), batch.subarray(0, 5000));
    expect(() => loadCifarPatches(dir, { split: 'test' })).toThrow(/not a positive multiple of the 3073-byte/);
    const badLabel = Uint8Array.from(img0);
    badLabel[0] = 200;
    expect(() => loadCifarPatches(badLabel)).toThrow(/label byte 200/);
  });

  it('a map of file name → bytes works without a file system', () => {
    const src = loadCifarPatches({ 'test_batch.bin': batch }, { split: 'test' });
    expect(src.images.count).toBe(2);
    expect(() => loadCifarPatches({ 'data_batch_1.bin': batch })).toThrow(/data_batch_2\.bin/);
  });
});
