import { fileURLToPath } from 'node:url';
// `rd entropy` end to end. References: the closed-form Gaussian entropy ½log((2πe)^d det Σ), the plug-in
// formula evaluated by hand on a small CSV, and the uniform box entropy log(volume).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_KINDS } from '@ratedistortion/datasets';
import { rd, rdJson } from '../run/rd-in-memory.test-util.js';

/** The Gaussian plug-in on 500 draws of N(0, 1). */
const PLUG_IN_500 = [
  'entropy',
  '--source',
  '{"kind":"gaussian","variance":1}',
  '--estimator',
  'gaussian',
  '--n',
  '500',
];

type Result = {
  estimator: string;
  entropy: number;
  n: number;
  dim: number;
  stdError?: number;
  exact?: number;
  exactMethod?: string;
  seed?: number;
};

describe('rd entropy --source', () => {
  it('gaussian plug-in on N(0, Σ), d = 3: "exact" is ½log((2πe)³ det Σ) and the estimate is within 4 SE of it', async () => {
    const cov = [
      [2, 0.5, 0],
      [0.5, 1, 0.3],
      [0, 0.3, 0.5],
    ];
    const det = 2 * (1 * 0.5 - 0.09) - 0.5 * (0.5 * 0.5 - 0) + 0; // cofactor expansion along the first row
    const exact = 0.5 * (3 * Math.log(2 * Math.PI * Math.E) + Math.log(det));
    const n = 4000;
    const res = await rdJson<Result>([
      'entropy',
      '--source',
      JSON.stringify({ kind: 'gaussian', covariance: cov }),
      '--estimator',
      'gaussian',
      '--n',
      String(n),
      '--seed',
      '2',
      '--json',
    ]);
    expect(res).toMatchObject({ estimator: 'gaussian', n, dim: 3, seed: 2, exactMethod: 'exact' });
    expect(res.exact).toBeCloseTo(exact, 12);
    // SD of ½ log det Σ̂ for Gaussian data is √(d/(2n)) = 0.0194 (delta method, Var log det Σ̂ ≈ 2d/n); the Wishart
    // bias is ≈ −d(d+1)/(4n) = −0.00075. 4 SD + |bias| is a 6e-5 two-sided tail for a fresh seed.
    const sd = Math.sqrt(3 / (2 * n));
    expect(Math.abs(res.entropy - exact)).toBeLessThan(4 * sd + 0.00075);
  });

  it('knn on a uniform box [0,2]×[0,1]: within tolerance of log(area) = log 2', async () => {
    const res = await rdJson<Result>([
      'entropy',
      '--source',
      '{"kind":"uniform","low":[0,0],"high":[2,1]}',
      '--estimator',
      'knn',
      '--k',
      '3',
      '--n',
      '3000',
      '--seed',
      '5',
      '--json',
    ]);
    expect(res.exact).toBeCloseTo(Math.log(2), 12);
    // Kozachenko–Leonenko on a bounded support: the boundary bias is O(n^{-1/d}) ≈ +0.02 at n = 3000, d = 2, and the
    // SD is ≈ 1/√n ≈ 0.018 (Var log p = 0 for a uniform density; what remains is the kNN-ball noise). 0.1 covers both
    // with room, and still fails for a wrong k-NN volume constant (log V_2 = log π ≈ 1.14) or a missing ψ(n) − ψ(k).
    expect(Math.abs(res.entropy - Math.log(2))).toBeLessThan(0.1);
  });

  it('knife runs on the default wasm backend; --backend auto picks wasm here, says so on stderr and gives the same value', async () => {
    const argv = [
      'entropy',
      '--source',
      '{"kind":"gaussian","variance":1}',
      '--estimator',
      'knife',
      '--n',
      '500',
      '--seed',
      '4',
      '--json',
    ];
    const a = await rd(argv);
    expect(a.code).toBe(0);
    const ra = JSON.parse(a.out) as Result & { backend: string };
    expect(ra.backend).toBe('wasm');
    // The estimator's own accuracy is tested in core; this checks the wiring. At n = 500 the SD of a plug-in
    // cross-entropy is ≈ √(Var log p(X)/n) = √(0.5/500) ≈ 0.03; 0.15 also leaves room for the 16-kernel fit's bias.
    expect(Math.abs(ra.entropy - 0.5 * Math.log(2 * Math.PI * Math.E))).toBeLessThan(0.15);
    const b = await rd([...argv, '--backend', 'auto']);
    expect(b.code).toBe(0);
    expect(b.err).toMatch(/using the 'wasm' tfjs backend/);
    const rb = JSON.parse(b.out) as Result & { backend: string };
    expect(rb.backend).toBe('wasm');
    expect(rb.entropy).toBe(ra.entropy);
  });

  it('the human output names the estimator, the estimate and the exact value', async () => {
    const r = await rd(PLUG_IN_500);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/estimator\s+gaussian/);
    expect(r.out).toMatch(/entropy \(nats\)\s+1\.4\d*/);
    expect(r.out).toMatch(/exact \(exact\)\s+1\.41894/);
  });

  it('--units bits divides every entropy by log 2; --samples reads .npy files', async () => {
    const src = [...PLUG_IN_500, '--json'];
    const nats = JSON.parse((await rd(src)).out) as Result & { units: string };
    const bits = JSON.parse((await rd([...src, '--units', 'bits'])).out) as Result & { units: string };
    expect([nats.units, bits.units]).toEqual(['nats', 'bits']);
    expect(bits.entropy).toBeCloseTo(nats.entropy / Math.LN2, 12);
    expect(bits.exact as number).toBeCloseTo(0.5 * Math.log2(2 * Math.PI * Math.E), 12);
    const npy = fileURLToPath(new URL('../../../datasets/src/fixtures/npy/c-f8.npy', import.meta.url));
    const fromNpy = await rdJson<Result>(['entropy', '--samples', npy, '--estimator', 'gaussian', '--json']);
    expect(fromNpy.n).toBe(3);
  });
});

describe('rd entropy --estimator knn on every synthetic kind', () => {
  // One low-dimensional spec per synthetic kind; the test fails when a new synthetic kind is added without one.
  const specs: Record<string, object> = {
    gaussian: {
      kind: 'gaussian',
      covariance: [
        [1, 0.4],
        [0.4, 0.5],
      ],
    },
    gmm: { kind: 'gmm', weights: [0.3, 0.7], means: [-1, 1], variances: [0.2, 0.3] },
    laplace: { kind: 'laplace', scale: [1, 0.5] },
    uniform: { kind: 'uniform', low: 0, high: 1, dim: 2 },
    'sinc4-mixture': { kind: 'sinc4-mixture', weights: [0.5, 0.5], scales: [1, 2] },
    'grid-density': { kind: 'grid-density', x: [-1, 1, 4], y: [0, 1, 2], values: [1, 2, 3, 4, 4, 3, 2, 1] },
  };
  // Data kinds, and 'noisy' (Y + Gaussian noise: no closed-form entropy on the source; the analytic package's
  // smoothedEntropy computes it for the RD suite) have no exact value to compare with.
  const dataKinds = new Set(['samples', 'cifar10-patches', 'fsdd', 'noisy']);

  it('covers every synthetic kind that rd sources lists', () => {
    const synthetic = SOURCE_KINDS.map((k) => k.kind).filter((k) => !dataKinds.has(k));
    expect(Object.keys(specs).sort()).toEqual([...synthetic].sort());
  });

  for (const [kind, spec] of Object.entries(specs)) {
    it(`${kind}: the k-NN estimate is within tolerance of the source's exact entropy`, async () => {
      const res = await rdJson<Result>([
        'entropy',
        '--source',
        JSON.stringify(spec),
        '--estimator',
        'knn',
        '--n',
        '3000',
        '--seed',
        '11',
        '--json',
      ]);
      expect(res.exact).toBeTypeOf('number');
      // Kozachenko–Leonenko at n = 3000, d <= 2: SD ≈ √(Var log p(X)/n) + k-NN noise ≲ 0.03 for these sources, and the
      // bias is ≲ 0.03 (largest on the bounded uniform support). 0.12 is 4 SD + bias; a wrong volume constant or
      // digamma term is off by > 0.3.
      expect(Math.abs(res.entropy - (res.exact as number))).toBeLessThan(0.12);
    });
  }
});

describe('rd entropy --samples FILE', () => {
  it('gaussian plug-in on a small CSV equals ½log((2πe)² det S), S the unbiased sample covariance', async () => {
    const rows = [
      [0.5, 1.2],
      [-1.1, 0.3],
      [2.0, -0.4],
      [0.3, 0.9],
      [-0.7, -1.5],
      [1.4, 0.1],
    ];
    const n = rows.length;
    const m = [0, 1].map((j) => rows.reduce((a, r) => a + r[j], 0) / n);
    const s = (a: number, b: number) => rows.reduce((acc, r) => acc + (r[a] - m[a]) * (r[b] - m[b]), 0) / (n - 1);
    const det = s(0, 0) * s(1, 1) - s(0, 1) ** 2;
    const expected = 0.5 * (2 * Math.log(2 * Math.PI * Math.E) + Math.log(det));
    const dir = mkdtempSync(join(tmpdir(), 'rd-entropy-'));
    writeFileSync(join(dir, 'x.csv'), `# six points\nx,y\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const res = await rdJson<Result & { samples: string }>(
      ['entropy', '--samples', 'x.csv', '--estimator', 'gaussian', '--json'],
      { cwd: dir },
    );
    expect(res).toMatchObject({ estimator: 'gaussian', n: 6, dim: 2, samples: 'x.csv' });
    expect(res.entropy).toBeCloseTo(expected, 12);
    expect(res.exact).toBeUndefined();
  });

  it('`rd sample` → CSV file → `rd entropy --samples` equals `rd entropy --source` with the same seed', async () => {
    const spec = '{"kind":"laplace","scale":[1,0.5]}';
    const sample = await rd(['sample', '--source', spec, '--n', '400', '--seed', '8']);
    const dir = mkdtempSync(join(tmpdir(), 'rd-entropy-'));
    writeFileSync(join(dir, 'l.csv'), sample.out);
    const fromFile = JSON.parse(
      (await rd(['entropy', '--samples', 'l.csv', '--estimator', 'knn', '--json'], dir)).out,
    ) as Result;
    const fromSource = JSON.parse(
      (await rd(['entropy', '--source', spec, '--n', '400', '--seed', '8', '--estimator', 'knn', '--json'])).out,
    ) as Result;
    expect(fromFile.n).toBe(400);
    expect(fromFile.entropy).toBe(fromSource.entropy);
  });
});

describe('rd entropy: bad input', () => {
  const src = '{"kind":"gaussian","variance":1}';
  const cases: [string, string[], RegExp, number][] = [
    ['neither input', ['--estimator', 'knn'], /exactly one of --samples FILE or --source SPEC/, 2],
    ['both inputs', ['--samples', 'a.csv', '--source', src], /exactly one of/, 2],
    [
      'unknown estimator',
      ['--source', src, '--estimator', 'magic'],
      /--estimator must be one of gaussian, knn, knife, dv, kde/,
      2,
    ],
    ['k = 0', ['--source', src, '--k', '0'], /--k expects an integer >= 1/, 2],
    [
      'k with gaussian',
      ['--source', src, '--estimator', 'gaussian', '--k', '3'],
      /--k only applies to --estimator knn/,
      2,
    ],
    ['k too large for n', ['--source', src, '--n', '5', '--k', '5'], /\bk\b/, 2],
    ['missing file', ['--samples', 'missing.csv'], /cannot read --samples file 'missing.csv' \(no such file/, 2],
    ['ragged CSV', ['--samples', 'ragged.csv'], /ragged\.csv line 3/, 2],
    ['NaN in CSV', ['--samples', 'nan.csv'], /nan\.csv line 2, column 1/, 2],
    ['--n with a file', ['--samples', 'nan.csv', '--n', '3'], /--n applies to --source only/, 2],
    ['backend for knn', ['--source', src, '--backend', 'cpu'], /--backend only applies to the tfjs estimators/, 2],
    [
      'unknown backend',
      ['--source', src, '--estimator', 'dv', '--backend', 'tpu'],
      /--backend must be one of cpu, wasm, node, node-gpu, webgpu, auto/,
      2,
    ],
    [
      'GPU backend not installed',
      ['--source', src, '--estimator', 'dv', '--backend', 'node-gpu'],
      /@tensorflow\/tfjs-node-gpu, which needs CUDA 11\.2 and cuDNN 8\.1/,
      1,
    ],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'rd-entropy-bad-'));
  writeFileSync(join(dir, 'ragged.csv'), '1,2\n3,4\n5\n');
  writeFileSync(join(dir, 'nan.csv'), '1\nNaN\n');
  for (const [what, argv, message, code] of cases) {
    it(`${what}: exit ${code}, one line`, async () => {
      const r = await rd(['entropy', ...argv], dir);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
      expect(r.code).toBe(code);
    });
  }
});
