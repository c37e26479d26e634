// For the webgpu test files of every package: before the file's tests, try the webgpu backend once (Dawn; on CI
// Mesa's software Vulkan adapter from scripts/ci/install-vulkan.sh) and go back to cpu after. Off CI a missing
// adapter or package skips the tests with the reason; under CI it fails the file, so nothing is skipped there.
import { afterAll, beforeAll } from 'vitest';
import { BackendUnavailableError } from '../errors/errors.js';
import { useBackend } from './use-backend.js';

/** Registers the file's hooks; `reason()` is '' when webgpu loaded, else why the tests skip (`ctx.skip()`). */
export function webGpuAvailability(): { reason: () => string } {
  let unavailable = '';
  beforeAll(async () => {
    try {
      await useBackend('webgpu');
    } catch (e) {
      if (!(e instanceof BackendUnavailableError) || process.env.CI) throw e;
      unavailable = e.message;
      console.warn(`webgpu tests skipped: ${e.message}`);
    }
    await useBackend('cpu');
  }, 60_000);
  afterAll(async () => {
    await useBackend('cpu');
  });
  return { reason: () => unavailable };
}
