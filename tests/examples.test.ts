// Every script in examples/ runs to completion from the repository root as a user would run it with tsx. Each
// script checks its own numbers against an independent reference (closed form, exact mixture RD, formulas) and
// exits non-zero on a mismatch; here we also check that the line reporting that comparison was printed, so a
// script that silently skipped its check would fail.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const examples = readdirSync(`${root}examples`)
  .filter((f) => f.endsWith('.ts'))
  .sort();

/** What each script's output must contain: the line that reports its check against the reference. */
const expectedOutput: Record<string, RegExp[]> = {
  'entropy-of-samples.ts': [/exact entropy\s+2\.\d+ nats/, /knn\s+estimate/],
  'gaussian-rd-curve.ts': [/largest deviation from water-filling: (0\.00e\+0|\d\.\d+e-(1[0-9]|[2-9]\d))$/m],
  'r2d2-curve.ts': [/trained 400 steps/, /largest \|R̂ − R\(D̂\)\|: 0\.0[0-5]\d* nats/],
  'compare-estimators.ts': [
    /^r2d2 /m,
    /^nerd /m,
    /^wgd /m,
    /^ba /m,
    /Blahut–Arimoto: largest \|rate error\| 0\.0[0-4]\d* nats/,
  ],
  'blahut-arimoto-from-samples.ts': [/largest rate difference: 0\.0[0-2]\d* nats/, /0\.50\s+\d\.\d+\s+\(no BHE\)/],
  'gmm-reconstruction-density.ts': [
    /D̂ = ½E\(X₁ − X₀\)² = 0\.0(09|10)\d*/,
    /squared histogram distance to p1/,
    /outside the validity range/,
  ],
  'convert-units.ts': [/NERD: rate \(bits\)\s+4\.000000/, /all 18 conversions agree with the formulas/],
};

describe('examples/', () => {
  it('has a documented check for every script, and every documented script exists', () => {
    expect(examples).toEqual(Object.keys(expectedOutput).sort());
  });

  for (const file of examples) {
    it(`${file} runs, exits 0 and reports its check`, () => {
      const r = spawnSync(`${root}node_modules/.bin/tsx`, [`examples/${file}`], {
        cwd: root,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      for (const pattern of expectedOutput[file] ?? []) expect(r.stdout).toMatch(pattern);
    });
  }
});
