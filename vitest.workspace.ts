// One vitest project per package; tests live beside the code (`src/**/*.test.ts`).
// Workspace packages resolve to their TypeScript sources, so tests need no build.
import { fileURLToPath } from 'node:url';
import type { TestProjectConfiguration } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
// One wasm kernel thread in the suite (and the processes it starts): vitest runs a file per core already, and the
// numbers are the same on any count. tests/backends/wasm-threads.test.ts runs the threaded build in children of its own.
const env = { RATEDISTORTION_WASM_THREADS: '1' };
const pkgs = ['core', 'analytic', 'datasets', 'estimators', 'cli'] as const;

/** `@ratedistortion/<pkg>[/<concept>]` → `packages/<pkg>/src[/<concept>]/index.ts`; the private benchmarks package → `benchmarks/src/index.ts` */
export const sourceAliases = [
  { find: /^@ratedistortion\/benchmarks$/, replacement: `${root}benchmarks/src/index.ts` },
  { find: /^@ratedistortion\/([a-z-]+)\/([a-z0-9-]+)$/, replacement: `${root}packages/$1/src/$2/index.ts` },
  { find: /^@ratedistortion\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
];

export const projects: TestProjectConfiguration[] = [
  ...pkgs.map((name) => ({
    resolve: { alias: sourceAliases },
    test: {
      name,
      root: `${root}packages/${name}`,
      include: ['src/**/*.test.ts'],
      environment: 'node',
      env,
      // Only the packages that train (see the setup file's comment).
      setupFiles: name === 'estimators' || name === 'cli' ? [`${root}tests/backends/pin-cpu-backend.setup.ts`] : [],
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  })),
  {
    resolve: { alias: sourceAliases },
    test: {
      name: 'repo',
      root,
      include: ['tests/**/*.test.ts', 'benchmarks/**/*.test.ts'],
      environment: 'node',
      env,
      setupFiles: [`${root}tests/backends/pin-cpu-backend.setup.ts`],
      testTimeout: 300_000,
    },
  },
];

export default projects;
