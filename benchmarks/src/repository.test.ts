// The repository side of `rd bench`: finding the checkout, the list of scripts matching the files on disk, and
// starting a script with the checkout's tsx (a stand-in executable here, so nothing slow runs).
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BenchmarkRunError, spawnRepositoryBenchmark } from './benchmark-process.js';
import { REPOSITORY_BENCHMARKS } from './repository-benchmarks.js';
import { findRepositoryRoot } from './repository-root.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

function tempTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'rd-bench-root-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('findRepositoryRoot', () => {
  it('finds this checkout from a folder deep inside it', () => {
    expect(findRepositoryRoot(join(repoRoot, 'packages', 'cli', 'src', 'commands'))).toBe(repoRoot);
    expect(findRepositoryRoot(repoRoot)).toBe(repoRoot);
  });

  it('accepts benchmarks/run.ts, or pnpm-workspace.yaml beside a benchmarks folder, walking up', () => {
    const a = tempTree({ 'benchmarks/run.ts': '', 'x/y/z/.keep': '' });
    expect(findRepositoryRoot(join(a, 'x', 'y', 'z'))).toBe(a);
    const b = tempTree({ 'pnpm-workspace.yaml': '', 'benchmarks/r2d2/gmm.ts': '', 'packages/cli/.keep': '' });
    expect(findRepositoryRoot(join(b, 'packages', 'cli'))).toBe(b);
  });

  it('does not take an unrelated workspace (pnpm-workspace.yaml without benchmarks/) for a checkout', () => {
    const c = tempTree({ 'pnpm-workspace.yaml': '', 'app/.keep': '' });
    expect(findRepositoryRoot(join(c, 'app'))).toBeUndefined();
    expect(findRepositoryRoot(tmpdir())).toBeUndefined();
  });
});

describe('repository benchmarks', () => {
  it('every listed script exists in this checkout', () => {
    expect(Object.keys(REPOSITORY_BENCHMARKS).length).toBeGreaterThan(5);
    for (const [name, b] of Object.entries(REPOSITORY_BENCHMARKS)) {
      expect(() => readFileSync(join(repoRoot, 'benchmarks', b.file)), name).not.toThrow();
      expect(b.what.length, name).toBeGreaterThan(10);
    }
  });

  it.skipIf(process.platform === 'win32')(
    'runs the checkout tsx on the script with the flags, in the root, and returns its status',
    () => {
      const root = tempTree({ 'benchmarks/r2d2/gmm.ts': '', 'node_modules/.bin/tsx': '' });
      const tsx = join(root, 'node_modules', '.bin', 'tsx');
      // A stand-in tsx: records its working directory and arguments, exits with status 3.
      writeFileSync(
        tsx,
        '#!/bin/sh\npwd > "$(dirname "$0")/call.txt"\nfor a in "$@"; do echo "$a" >> "$(dirname "$0")/call.txt"; done\nexit 3\n',
      );
      chmodSync(tsx, 0o755);
      const status = spawnRepositoryBenchmark(root, { file: 'r2d2/gmm.ts', what: '' }, ['--mixture', '2']);
      expect(status).toBe(3);
      const call = readFileSync(join(root, 'node_modules', '.bin', 'call.txt'), 'utf8')
        .trim()
        .split('\n');
      expect(call).toEqual([root, join(root, 'benchmarks', 'r2d2', 'gmm.ts'), '--mixture', '2']);
    },
  );

  it('a missing script or a checkout without tsx is a BenchmarkRunError that says what to do', () => {
    const root = tempTree({ 'benchmarks/r2d2/gmm.ts': '' });
    expect(() => spawnRepositoryBenchmark(root, { file: 'r2d2/none.ts', what: '' }, [])).toThrow(BenchmarkRunError);
    expect(() => spawnRepositoryBenchmark(root, { file: 'r2d2/none.ts', what: '' }, [])).toThrow(
      /no benchmarks\/r2d2\/none\.ts/,
    );
    expect(() => spawnRepositoryBenchmark(root, { file: 'r2d2/gmm.ts', what: '' }, [])).toThrow(/run 'pnpm install'/);
  });
});
