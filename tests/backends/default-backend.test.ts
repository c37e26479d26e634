// The library's default backend as a user meets it, in fresh processes: training without `useBackend` runs on
// wasm (the same numbers as choosing wasm with `create`), and tfjs's "install tfjs-node" banner never prints.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;

function run(mode: 'new' | 'create' | 'cpu' | 'ensure') {
  const r = spawnSync(tsx, ['tests/backends/default-backend.child.ts', mode], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.trim().split('\n');
  return {
    result: JSON.parse(lines[lines.length - 1]!) as { backend: string; losses: number[] },
    out: r.stdout + r.stderr,
  };
}

describe('default backend', () => {
  it('new R2D2(...).train() without useBackend trains on wasm, exactly as R2D2.create(...) does', () => {
    const plain = run('new');
    const created = run('create');
    expect(plain.result.backend).toBe('wasm');
    expect(created.result.backend).toBe('wasm');
    expect(plain.result.losses).toHaveLength(3);
    expect(plain.result.losses).toEqual(created.result.losses);
  });

  it('ensureDefaultBackend before any tensor exists loads wasm (what worker threads are then started on)', () => {
    expect(run('ensure').result.backend).toBe('wasm');
  });

  it("prints no tfjs 'install tfjs-node' banner, on wasm or on the cpu backend that prints it", () => {
    const cpu = run('cpu');
    expect(cpu.result.backend).toBe('cpu');
    for (const { out } of [cpu, run('new')]) expect(out).not.toMatch(/running TensorFlow\.js in\s+Node/);
  });
});
