// Named benchmarks are scripts of the repository, so `rd bench NAME` must find the checkout it is run in. A
// folder counts when it has benchmarks/run.ts, or a pnpm-workspace.yaml beside a benchmarks/ folder: a bare
// pnpm-workspace.yaml alone would also match an unrelated monorepo that merely installed the CLI.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function isCheckout(dir: string): boolean {
  if (existsSync(join(dir, 'benchmarks', 'run.ts'))) return true;
  const benchmarks = join(dir, 'benchmarks');
  return existsSync(join(dir, 'pnpm-workspace.yaml')) && existsSync(benchmarks) && statSync(benchmarks).isDirectory();
}

/**
 * The root of the ratedistortion checkout that contains `start` (walking up to the file-system root), or
 * `undefined` outside a checkout.
 *
 * @example
 * ```ts
 * import { findRepositoryRoot } from '@ratedistortion/benchmarks';
 * console.log(findRepositoryRoot(process.cwd()) ?? 'not inside a checkout');
 * ```
 */
export function findRepositoryRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (isCheckout(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
