// Why the wasm backend could not load, as one typed error. Internal to core (not exported from the package).
import { BackendUnavailableError } from '../errors/errors.js';

/**
 * Deno reports a denied read (no `--allow-read`) as `NotCapable` (Deno 2) or `PermissionDenied` (Deno 1); left
 * alone it surfaces as "cannot find the wasm package", which sends users to reinstall instead of granting access.
 */
export function isPermissionDenied(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  return (
    e.name === 'NotCapable' || e.name === 'PermissionDenied' || /Requires read access|--allow-read/.test(e.message)
  );
}

type DenoPermissions = { querySync?: (d: { name: 'read'; path: string }) => { state: string } };

/**
 * Under Deno, whether reading `path` is not granted (no `--allow-read` covering it). Outside Deno, or where the
 * query itself fails, false. Used after the wasm binary failed to initialise: emscripten then only logs the
 * NotCapable error, so the cause has to be asked for.
 */
export function denoReadDenied(path: string): boolean {
  const permissions = (globalThis as { Deno?: { permissions?: DenoPermissions } }).Deno?.permissions;
  if (typeof permissions?.querySync !== 'function') return false;
  try {
    return permissions.querySync({ name: 'read', path }).state !== 'granted';
  } catch {
    return false;
  }
}

export const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

export function wasmUnavailable(cause: unknown): BackendUnavailableError {
  return isPermissionDenied(cause)
    ? new BackendUnavailableError(
        'wasm',
        WASM_PACKAGE,
        undefined,
        cause,
        'the wasm backend reads its .wasm binary from node_modules: run deno with --allow-read (or --allow-read=node_modules)',
      )
    : new BackendUnavailableError('wasm', WASM_PACKAGE, undefined, cause);
}
