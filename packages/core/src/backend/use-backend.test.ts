import { createRequire } from 'node:module';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BackendUnavailableError, InvalidParameterError } from '../errors/errors.js';
import { tf } from './tf.js';
import { backendsForTests, currentBackend, useBackend } from './use-backend.js';

const require = createRequire(import.meta.url);
function installed(pkg: string): boolean {
  try {
    require.resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** C = A·B for row-major float64 matrices (the reference for the backend's float32 result). */
function matMul64(a: number[], b: number[], m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * k + p] * b[p * n + j];
  return c;
}

describe('useBackend', () => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  it("'wasm' loads the installed binary without any network access and really computes on wasm", async () => {
    // Any fetch would mean the binary is being downloaded; make it fail loudly instead.
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(() => {
      throw new Error('network access attempted');
    });
    try {
      const name = await useBackend('wasm');
      expect(name).toBe('wasm');
      expect(tf.getBackend()).toBe('wasm');
      expect(currentBackend()).toBe('wasm');
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
    const a = [1, 2, 3, 4, 5, 6];
    const b = [0.5, -1, 2, 0.25, -3, 1];
    const c = tf.tidy(() => tf.matMul(tf.tensor2d(a, [2, 3]), tf.tensor2d(b, [3, 2])));
    expect(tf.engine().backend).toBe(tf.findBackend('wasm'));
    const got = c.dataSync();
    c.dispose();
    const want = matMul64(a, b, 2, 3, 2);
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
  });

  it("'cpu' switches to the pure-JS backend", async () => {
    expect(await useBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(currentBackend()).toBe('cpu');
  });

  it.each([
    ['node', '@tensorflow/tfjs-node', undefined],
    ['node-gpu', '@tensorflow/tfjs-node-gpu', 'CUDA 11.2 and cuDNN 8.1'],
  ] as const)("'%s' throws BackendUnavailableError naming %s when it is not installed", async (name, pkg, needs) => {
    if (installed(pkg)) {
      expect(await useBackend(name)).toBe(name);
      expect(tf.getBackend()).toBe('tensorflow');
      await useBackend('cpu');
      return;
    }
    const before = tf.getBackend();
    const err = await useBackend(name).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    const e = err as BackendUnavailableError;
    expect(e.backend).toBe(name);
    expect(e.packageName).toBe(pkg);
    expect(e.message).toContain(pkg);
    if (needs) expect(e.message).toContain(needs);
    expect(tf.getBackend()).toBe(before);
  });

  it("'auto' picks the fastest available backend, reports it once and leaves it usable", async () => {
    const lines: string[] = [];
    const name = await useBackend('auto', { logger: (m) => lines.push(m) });
    const expected = installed('@tensorflow/tfjs-node-gpu')
      ? 'node-gpu'
      : installed('@tensorflow/tfjs-node')
        ? 'node'
        : 'wasm';
    expect(name).toBe(expected);
    expect(currentBackend()).toBe(name);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`'${name}'`);
    const s = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3.5])));
    expect(s.dataSync()[0]).toBe(6.5);
    s.dispose();
  });

  it('rejects unknown backend names and bad thread counts with InvalidParameterError', async () => {
    for (const bad of ['webgl', 'WASM', '', 'tensorflow']) {
      await expect(useBackend(bad as 'cpu')).rejects.toBeInstanceOf(InvalidParameterError);
    }
    await expect(useBackend('wasm', { wasmThreads: 0 })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(useBackend('wasm', { wasmThreads: 1.5 })).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it('backendsForTests lists cpu and wasm, and each can be selected', async () => {
    expect(backendsForTests()).toEqual(['cpu', 'wasm']);
    for (const b of backendsForTests()) {
      await useBackend(b);
      expect(tf.getBackend()).toBe(b);
    }
  });
});
