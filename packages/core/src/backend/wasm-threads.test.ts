import { afterEach, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/errors.js';
import { MAX_WASM_THREADS, WASM_THREADS_ENV, WIDE_NETWORK, resolveWasmThreads } from './wasm-threads.js';

describe('resolveWasmThreads', () => {
  const saved = process.env[WASM_THREADS_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[WASM_THREADS_ENV];
    else process.env[WASM_THREADS_ENV] = saved;
  });

  it("takes a count as given and 'auto' as the cores, at most 8", () => {
    expect(resolveWasmThreads(3, 16)).toBe(3);
    expect(resolveWasmThreads('auto', 2)).toBe(2);
    expect(resolveWasmThreads('auto', 64)).toBe(MAX_WASM_THREADS);
    expect(resolveWasmThreads('auto', 0)).toBe(1);
  });

  it("unset: the environment variable (a count or 'auto'), else 'auto' for a network at least 128 wide, else 1", () => {
    delete process.env[WASM_THREADS_ENV];
    expect(resolveWasmThreads(undefined, 4)).toBe(1);
    expect(resolveWasmThreads(undefined, 4, 127)).toBe(1);
    expect(resolveWasmThreads(undefined, 4, WIDE_NETWORK)).toBe(4);
    expect(resolveWasmThreads(undefined, 16, 1024)).toBe(MAX_WASM_THREADS);
    process.env[WASM_THREADS_ENV] = '2';
    expect(resolveWasmThreads(undefined, 4)).toBe(2);
    expect(resolveWasmThreads(undefined, 4, 1024)).toBe(2);
    process.env[WASM_THREADS_ENV] = 'auto';
    expect(resolveWasmThreads(undefined, 6)).toBe(6);
    expect(resolveWasmThreads(1, 6)).toBe(1);
  });

  it('refuses anything else with a typed error naming the option or the variable and the range', () => {
    for (const bad of [0, 9, 1.5, Number.NaN, 'x' as never]) {
      expect(() => resolveWasmThreads(bad, 4)).toThrow(InvalidParameterError);
      expect(() => resolveWasmThreads(bad, 4)).toThrow(/wasmThreads.*'auto' or an integer in \[1, 8\]/);
    }
    process.env[WASM_THREADS_ENV] = 'many';
    expect(() => resolveWasmThreads(undefined, 4)).toThrow(/RATEDISTORTION_WASM_THREADS.*\[1, 8\]/);
    process.env[WASM_THREADS_ENV] = '12';
    expect(() => resolveWasmThreads(undefined, 4)).toThrow(/RATEDISTORTION_WASM_THREADS/);
  });
});
