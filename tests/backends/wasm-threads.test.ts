// The wasm backend's threaded build in Node (core's wasm-threads.ts), in fresh processes: it loads with the count
// asked for (an option, the environment variable, or the default that follows the network's width), a training run and large products give
// the same numbers bit for bit on 1 thread (the single-threaded build), 2 threads and more threads than this
// machine has cores, the process ends by itself, and a second initialisation asking for another count is refused.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;

interface ChildResult {
  threads: number;
  described: string;
  hash: string;
  secondCall: string;
}

function run(args: string[], env: Record<string, string | undefined> = {}, quick = false): ChildResult {
  // The suite itself runs with RATEDISTORTION_WASM_THREADS=1 (vitest.workspace.ts): each child sets its own.
  const childEnv = {
    ...process.env,
    RATEDISTORTION_WASM_THREADS: undefined,
    WASM_THREADS_CHILD_QUICK: quick ? '1' : undefined,
    ...env,
  };
  const r = spawnSync(tsx, ['tests/backends/wasm-threads.child.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
    env: childEnv as NodeJS.ProcessEnv,
  });
  expect(r.status, `${r.stderr}\n${r.error ?? ''}`).toBe(0);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as ChildResult;
}

describe('wasm kernel threads in Node', () => {
  it('1, 2 and 3 threads give the same training run and products bit for bit, and each process ends by itself', () => {
    const one = run(['1']);
    const two = run(['2']);
    const three = run(['3']);
    expect([one.threads, two.threads, three.threads]).toEqual([1, 2, 3]);
    expect(one.described).toBe('wasm (1 thread)');
    expect(two.described).toBe('wasm (2 threads)');
    expect(two.hash).toBe(one.hash);
    expect(three.hash).toBe(one.hash);
  });

  it('the default is RATEDISTORTION_WASM_THREADS, else the available cores (at most 8) for a network ≥ 128 wide and 1 otherwise', () => {
    const cores = Math.min(availableParallelism(), 8);
    expect(run(['env'], { RATEDISTORTION_WASM_THREADS: '2' }, true).threads).toBe(2);
    expect(run(['wide'], { RATEDISTORTION_WASM_THREADS: '1' }, true).threads).toBe(1);
    expect(run(['env'], {}, true).threads).toBe(1);
    expect(run(['narrow'], {}, true).threads).toBe(1);
    expect(run(['wide'], {}, true).threads).toBe(cores);
    expect(run(['auto'], {}, true).threads).toBe(cores);
  });

  it('a second useBackend asking for another count is refused with a typed error naming wasmThreads', () => {
    const r = run(['2', 'again', '1'], {}, true);
    expect(r.secondCall).toMatch(/^InvalidParameterError: .*wasmThreads.*already runs on 2 thread/);
    expect(run(['2', 'again', '2'], {}, true).secondCall).toBe('accepted');
  });
});
