// Packaging smoke check: under Deno without --allow-read, the wasm backend cannot read its .wasm file from
// node_modules. The library must say so (BackendUnavailableError, reason 'permission', naming --allow-read) instead
// of reporting the wasm package as missing. smoke.sh runs this with --allow-env --allow-sys only.
import { BackendUnavailableError, useBackend } from 'npm:@ratedistortion/core';

try {
  await useBackend('wasm');
  console.error('useBackend("wasm") succeeded without --allow-read');
  Deno.exit(1);
} catch (e) {
  if (!(e instanceof BackendUnavailableError) || e.reason !== 'permission' || !/--allow-read/.test(e.message)) {
    console.error('expected BackendUnavailableError with reason "permission" naming --allow-read, got:', e);
    Deno.exit(1);
  }
  console.log(`denied read reported as: ${e.message}`);
}
