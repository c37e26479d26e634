import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DatasetFileError } from '../errors/dataset-file-error.js';
import { sourceFromSpec } from '../registry/source-from-spec.js';
import { parseNpySamples, parseNpzSamples, readNumpySamples } from './npy.js';

// Files written by numpy itself (fixtures/npy/generate_npy_fixtures.py, committed beside them).
const path = (name: string) => fileURLToPath(new URL(`../fixtures/npy/${name}`, import.meta.url));
const expected = JSON.parse(readFileSync(path('expected.json'), 'utf8')) as { x: number[][]; wide: number[][] };
const flat = (m: number[][]) => m.flat();
const f32 = (m: number[][]) => Array.from(Float32Array.from(m.flat()));

describe('NumPy .npy / .npz samples', () => {
  it('float64 C order, float32 Fortran order, big-endian, a wide Fortran array and a 1-D array, from disk and from bytes', () => {
    const c = readNumpySamples(path('c-f8.npy'));
    expect([c.n, c.dim]).toEqual([3, 2]);
    expect(Array.from(c.data)).toEqual(flat(expected.x));
    expect(Array.from(readNumpySamples(path('f-f4.npy')).data)).toEqual(f32(expected.x));
    expect(Array.from(readNumpySamples(path('be-f8.npy')).data)).toEqual(flat(expected.x));
    const wide = readNumpySamples(path('f-f8-wide.npy'));
    expect([wide.n, wide.dim]).toEqual([3, 4]);
    expect(Array.from(wide.data)).toEqual(flat(expected.wide));
    const one = readNumpySamples(path('one-d.npy'));
    expect([one.n, one.dim, Array.from(one.data)]).toEqual([3, 1, [1, 2, 4]]);
    expect(Array.from(parseNpySamples(readFileSync(path('f-f4.npy'))).data)).toEqual(f32(expected.x));
  });

  it('.npz: np.savez (stored, streamed from disk) and np.savez_compressed (deflated), the member chosen by name', () => {
    expect(Array.from(readNumpySamples(path('arrays.npz'), 'x').data)).toEqual(flat(expected.x));
    expect(Array.from(readNumpySamples(path('arrays.npz'), 'y').data)).toEqual([9, 8]);
    expect(Array.from(readNumpySamples(path('compressed.npz')).data)).toEqual(f32(expected.x));
    expect(Array.from(parseNpzSamples(readFileSync(path('arrays.npz')), 'arrays.npz', 'x').data)).toEqual(
      flat(expected.x),
    );
    expect(() => readNumpySamples(path('arrays.npz'))).toThrow(/holds 2 arrays \(x, y\): name one with "array"/);
    expect(() => readNumpySamples(path('arrays.npz'), 'z')).toThrow(/no array 'z'/);
  });

  it('a file larger than one 8 MiB read chunk, Fortran order: every value lands in its row across chunk boundaries', () => {
    const n = 400_000;
    const d = 3;
    const header = `{'descr': '<f8', 'fortran_order': True, 'shape': (${n}, ${d}), }`.padEnd(117, ' ') + '\n';
    const bytes = new Uint8Array(128 + 8 * n * d);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]);
    bytes.set(new TextEncoder().encode(header), 10);
    const v = new DataView(bytes.buffer);
    for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) v.setFloat64(128 + 8 * (j * n + i), i + j / 10, true);
    const dir = mkdtempSync(join(tmpdir(), 'rd-npy-'));
    writeFileSync(join(dir, 'big.npy'), bytes);
    const s = readNumpySamples(join(dir, 'big.npy'));
    expect([s.n, s.dim]).toEqual([n, d]);
    for (const i of [0, 1, 349_525, 349_526, n - 1])
      for (let j = 0; j < d; j++) expect(s.data[i * d + j]).toBe(i + j / 10);
  });

  it('clear errors for other dtypes and shapes; the samples SPEC reads .npy/.npz files', () => {
    expect(() => readNumpySamples(path('i8.npy'))).toThrow(DatasetFileError);
    expect(() => readNumpySamples(path('i8.npy'))).toThrow(
      /dtype '<i8' is not supported: samples must be float32 or float64/,
    );
    expect(() => readNumpySamples(path('three-d.npy'))).toThrow(/shape \(2, 2, 2\) is not supported/);
    expect(() => readNumpySamples(path('no-such.npy'))).toThrow(/file not found/);
    expect(() => parseNpySamples(new Uint8Array([1, 2, 3]))).toThrow(/magic/);
    const s = sourceFromSpec({ kind: 'samples', file: path('arrays.npz'), array: 'x' });
    expect(s.dim).toBe(2);
    expect(s.toSpec()).toEqual({ kind: 'samples', file: path('arrays.npz'), array: 'x' });
    expect(() => sourceFromSpec({ kind: 'samples', file: path('c-f8.npy'), array: 'x' })).toThrow(/array/);
  });
});
