// Node's built-in modules obtained at run time (process.getBuiltinModule, Node ≥ 20.16), so that core still
// bundles for a browser: there the file functions throw FileWriteError saying that they need Node.
import type * as NodeFs from 'node:fs';
import type * as NodePath from 'node:path';

/** Node's `fs` and `path`, or null outside Node. */
export function nodeModules(): { fs: typeof NodeFs; path: typeof NodePath } | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (!proc || typeof proc.getBuiltinModule !== 'function') return null;
  const fs = proc.getBuiltinModule('node:fs') as typeof NodeFs | undefined;
  const path = proc.getBuiltinModule('node:path') as typeof NodePath | undefined;
  return fs && path ? { fs, path } : null;
}
