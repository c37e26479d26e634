// Run by webgpu-backend.test.ts in a fresh process: `useBackend('webgpu')` with a package made unimportable
// (argv 'package') or with whatever the environment leaves of Vulkan (argv 'env', e.g. VK_ICD_FILENAMES pointing to
// nothing); prints the error's reason and message as JSON.
import { BackendUnavailableError } from '../errors/errors.js';
import { useBackend } from './use-backend.js';
import { webgpuTestHooks } from './webgpu-backend.js';

if (process.argv[2] === 'package') {
  const load = webgpuTestHooks.importModule;
  webgpuTestHooks.importModule = (specifier) =>
    specifier === 'webgpu' ? Promise.reject(new Error(`Cannot find package '${specifier}'`)) : load(specifier);
}
try {
  const name = await useBackend('webgpu');
  console.log(JSON.stringify({ loaded: name }));
} catch (e) {
  if (!(e instanceof BackendUnavailableError)) throw e;
  console.log(JSON.stringify({ reason: e.reason, message: e.message }));
}
