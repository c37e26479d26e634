// Every script in examples/ runs to completion (each checks its own numbers against a closed form and
// exits non-zero on a mismatch), from the repository root as a user would run it with tsx.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const examples = readdirSync(`${root}examples`).filter((f) => f.endsWith('.ts')).sort();

describe('examples/', () => {
  it('has the documented scripts', () => {
    expect(examples).toEqual(expect.arrayContaining(['entropy-of-samples.ts', 'gaussian-rd-curve.ts']));
  });

  for (const file of examples) {
    it(`${file} runs and exits 0`, () => {
      const r = spawnSync(`${root}node_modules/.bin/tsx`, [`examples/${file}`], { cwd: root, encoding: 'utf8', timeout: 120_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
    });
  }
});
