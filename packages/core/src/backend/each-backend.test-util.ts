// Test helper (not shipped): run a describe block once on every backend the test run covers.
import { afterAll, beforeAll, describe } from 'vitest';
import { backendsForTests, useBackend, type BackendName } from './use-backend.js';

/**
 * `describe(`${name} on ${backend}`)` for each backend of `backendsForTests()`: the backend is selected before the
 * block's tests and cpu restored after them.
 */
export function describeOnEachBackend(name: string, body: (backend: BackendName) => void): void {
  for (const backend of backendsForTests()) {
    describe(`${name} on ${backend}`, () => {
      beforeAll(async () => {
        await useBackend(backend);
      });
      afterAll(async () => {
        await useBackend('cpu');
      });
      body(backend);
    });
  }
}

/**
 * `describe(name)` on the wasm backend: wasm is selected before the block's tests; after them `restore` runs (e.g. to
 * re-install a kernel replacement a test switched off) and cpu is selected again.
 */
export function describeOnWasm(name: string, restore: () => void, body: () => void): void {
  describe(name, () => {
    beforeAll(async () => {
      await useBackend('wasm');
    });
    afterAll(async () => {
      restore();
      await useBackend('cpu');
    });
    body();
  });
}
