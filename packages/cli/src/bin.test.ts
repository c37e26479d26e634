// The real executable, as the README's quick start runs it (`pnpm rd ...` = `tsx packages/cli/src/bin.ts ...`):
// a separate node process, its stdout, stderr and exit code.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;

function rdProcess(args: string[]) {
  const r = spawnSync(tsx, ['packages/cli/src/bin.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the rd executable (tsx packages/cli/src/bin.ts)', () => {
  it('is runnable through tsx from the repository root', () => {
    expect(existsSync(tsx)).toBe(true);
  });

  it('README quick start: the unit-Gaussian curve at eps = 0.05..0.95 (10 points), R = ½log(1/eps), D = eps/2', () => {
    const r = rdProcess([
      'analytic',
      '--source',
      '{"kind":"gaussian","variance":1}',
      '--eps-range',
      '0.05:0.95:10',
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const { points } = JSON.parse(r.out) as { points: { eps: number; rate: number; distortion: number }[] };
    expect(points).toHaveLength(10);
    points.forEach((p, i) => {
      expect(p.eps).toBeCloseTo(0.05 + 0.1 * i, 14);
      expect(p.rate).toBeCloseTo(0.5 * Math.log(1 / p.eps), 12);
      expect(p.distortion).toBeCloseTo(p.eps / 2, 14);
    });
    // The quick start's own form (a table, no --json) prints a header and the same ten rows.
    const table = rdProcess([
      'analytic',
      '--source',
      '{"kind":"gaussian","variance":1}',
      '--eps-range',
      '0.05:0.95:10',
    ]);
    expect(table.code).toBe(0);
    expect(table.out.trim().split('\n')).toHaveLength(11);
  });

  it('a usage error exits 2 with a single line on stderr and nothing on stdout', () => {
    const r = rdProcess(['analytic', '--source', '{"kind":"gaussian","variance":1}', '--eps', 'abc']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe("rd: --eps expects a number, got 'abc'. Run 'rd analytic --help'.\n");
  });
});
