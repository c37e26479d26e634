import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '../errors/errors.js';
import { isPermissionDenied, wasmUnavailable } from './wasm-unavailable.js';

// The shapes Deno gives a denied read: Deno 2 throws Deno.errors.NotCapable, Deno 1 PermissionDenied, both with
// a message naming --allow-read.
class NotCapable extends Error {
  override name = 'NotCapable';
}
class PermissionDenied extends Error {
  override name = 'PermissionDenied';
}

describe('wasmUnavailable', () => {
  it('reports a denied read as a permission problem, not a missing package', () => {
    for (const cause of [
      new NotCapable('Requires read access to "/app/node_modules", run again with the --allow-read flag'),
      new PermissionDenied('read access to "/app/node_modules"'),
      new Error('Requires read access to "/x", run again with the --allow-read flag'),
    ]) {
      expect(isPermissionDenied(cause)).toBe(true);
      const e = wasmUnavailable(cause);
      expect(e).toBeInstanceOf(BackendUnavailableError);
      expect(e.reason).toBe('permission');
      expect(e.message).toMatch(/denied access to @tensorflow\/tfjs-backend-wasm; .*--allow-read/);
      expect(e.message).not.toMatch(/npm install/);
    }
  });

  it('reports anything else as the package missing or failing to load', () => {
    const e = wasmUnavailable(new Error("Cannot find package '@tensorflow/tfjs-backend-wasm'"));
    expect(isPermissionDenied(new Error('ENOENT'))).toBe(false);
    expect(isPermissionDenied('not an error')).toBe(false);
    expect(e.reason).toBe('package');
    expect(e.message).toMatch(/install the optional package @tensorflow\/tfjs-backend-wasm.*Cannot find package/);
  });
});
