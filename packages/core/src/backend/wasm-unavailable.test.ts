import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '../errors/errors.js';
import { denoReadDenied, isPermissionDenied, wasmUnavailable } from './wasm-unavailable.js';

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

describe('denoReadDenied', () => {
  const g = globalThis as { Deno?: unknown };
  const withDeno = (deno: unknown, f: () => void) => {
    const saved = g.Deno;
    g.Deno = deno;
    try {
      f();
    } finally {
      if (saved === undefined) delete g.Deno;
      else g.Deno = saved;
    }
  };

  it('asks Deno for read access to the path: anything but granted is denied', () => {
    const asked: unknown[] = [];
    const deno = (state: string) => ({
      permissions: {
        querySync: (d: unknown) => {
          asked.push(d);
          return { state };
        },
      },
    });
    withDeno(deno('prompt'), () => expect(denoReadDenied('/app/node_modules/x/dist/')).toBe(true));
    withDeno(deno('denied'), () => expect(denoReadDenied('/a')).toBe(true));
    withDeno(deno('granted'), () => expect(denoReadDenied('/a')).toBe(false));
    expect(asked[0]).toEqual({ name: 'read', path: '/app/node_modules/x/dist/' });
  });

  it('is false outside Deno and when the query throws', () => {
    expect(denoReadDenied('/a')).toBe(false);
    withDeno(
      {
        permissions: {
          querySync: () => {
            throw new Error('bad path');
          },
        },
      },
      () => expect(denoReadDenied('/a')).toBe(false),
    );
    withDeno({}, () => expect(denoReadDenied('/a')).toBe(false));
  });
});
