// `rd reproduce`, in-process, on the figures that need no training. fig3's p₁ is checked against references
// independent of the FFT path that produced it: (1) adaptive Gauss–Kronrod quadrature of the inversion integral
// Eq. (90) at chosen points (bheFourierDirect); (2) the defining property of the BHE solution, p₁ * N(0, eps) =
// p₀, by trapezoid convolution on the figure's own grid against the closed-form sinc⁴ density; (3) mass 1.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sinc4Mixture, bheFourierDirect } from '@ratedistortion/analytic';
import type { FigureResult } from '../reproduce/figure.js';
import { rdInMemory } from '../run/rd-in-memory.test-util.js';
import { FIGURES } from '../reproduce/figures.js';
import { figureConfig, figureSettings } from '../reproduce/run-figure.js';
import { configHash } from '../shard/config-hash.js';

const dir = mkdtempSync(join(tmpdir(), 'rd-reproduce-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rd = (argv: string[]) => rdInMemory(argv, { cwd: dir });

interface Curve {
  name: string;
  x: number[];
  density: number[];
}

describe('rd reproduce fig3', () => {
  let result: FigureResult;
  let stdout = '';
  beforeAll(async () => {
    const r = await rd(['reproduce', 'fig3', '--out', 'figs', '--progress', 'none']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^rd reproduce: peak memory \d+ MiB \(maximum resident set size of this process\)$/m);
    stdout = r.out;
    result = JSON.parse(readFileSync(join(dir, 'figs', 'fig3.json'), 'utf8')) as FigureResult;
  });

  it('says which budget ran and prints the table with the validity report', () => {
    expect(stdout).toMatch(/^# Fig\. 3: .*\n# budget: quick/);
    expect(stdout).toMatch(/validity: p₁ ≥ 0 on \[−50, 50\] for eps ≤ 0\.069/);
    expect(result.table.rows).toHaveLength(4);
    expect(readFileSync(join(dir, 'figs', 'fig3.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('p₁ agrees with adaptive quadrature of Eq. (90) at chosen points', () => {
    const s = Sinc4Mixture.paperExample();
    const curves = (result.panels[0].result as { curves: Curve[] }).curves;
    result.settings.eps.forEach((eps, k) => {
      const c = curves[k + 1];
      const idx = [0.0, 0.5, 1.25, 3.0, 7.5, -12.0].map((x) => c.x.findIndex((v) => Math.abs(v - x) < 1e-9));
      expect(idx.every((j) => j >= 0)).toBe(true);
      const direct = bheFourierDirect(
        idx.map((j) => c.x[j]),
        { charFn: s.characteristicFunction, eps, t: 1, omegaMax: s.bandLimit, breakpoints: s.spectralBreakpoints },
      );
      // The FFT result is the Poisson-periodised p₁ (period 256 at this budget): its error is Σ_{k≠0} p₁(x + 256k),
      // below 2·3·A/(256 − 20)⁴ < 1e-9 with the far-field amplitude A < 1 of these sources; plus rounding.
      idx.forEach((j, i) => expect(Math.abs(c.density[j] - direct.density[i])).toBeLessThan(1e-8));
    });
  });

  it('p₁ convolved with N(0, eps) gives back p₀, and p₁ has mass 1', () => {
    const s = Sinc4Mixture.paperExample();
    const curves = (result.panels[0].result as { curves: Curve[] }).curves;
    result.settings.eps.forEach((eps, k) => {
      const { x, density } = curves[k + 1];
      const dx = x[1] - x[0];
      for (const x0 of [0, 0.7, 1.9, 3.3, 6]) {
        // Trapezoid rule on dx = 1/128 for a Gaussian kernel of std ≥ 0.1 is spectrally accurate; the kernel is
        // < 1e-30 beyond ±12 std, well inside the ±20 grid.
        let conv = 0;
        for (let j = 0; j < x.length; j++)
          conv += (density[j] * Math.exp(-((x0 - x[j]) ** 2) / (2 * eps))) / Math.sqrt(2 * Math.PI * eps);
        conv *= dx;
        expect(Math.abs(conv - s.densityAt(x0)) / s.densityAt(x0)).toBeLessThan(1e-6);
      }
      // ∫p₁ over the whole periodic window (table column 4) is the zero-frequency coefficient φ(0) = 1.
      expect(Math.abs((result.table.rows[k][4] as number) - 1)).toBeLessThan(1e-9);
    });
  });

  it('shards of fig3 merge into the unsharded result', async () => {
    mkdirSync(join(dir, 'parts'), { recursive: true });
    for (const i of [1, 2, 3])
      expect((await rd(['reproduce', 'fig3', '--shard', `${i}/3`, '--out', 'parts', '--progress', 'none'])).code).toBe(
        0,
      );
    const files = readdirSync(join(dir, 'parts')).map((f) => join('parts', f));
    expect(files).toHaveLength(3);
    const m = await rd(['merge', ...files, '-o', 'merged-fig3.json', '--plot', 'merged-fig3.svg']);
    expect(m.code, m.err).toBe(0);
    expect(m.out).toMatch(/^# Fig\. 3/);
    const merged = JSON.parse(readFileSync(join(dir, 'merged-fig3.json'), 'utf8')) as FigureResult;
    expect({ ...merged, seconds: 0 }).toEqual({ ...result, seconds: 0 });
    expect((merged.panels[0].result as { curves: Curve[] }).curves[1].density).toEqual(
      (result.panels[0].result as { curves: Curve[] }).curves[1].density,
    );
  });

  it('refuses training overrides for a figure that trains nothing', async () => {
    const r = await rd(['reproduce', 'fig3', '--steps', '10']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no --steps for fig3/);
    expect((await rd(['reproduce', 'fig3', '--seeds', '2'])).err).toMatch(/no --seeds for fig3/);
    expect((await rd(['reproduce', 'fig3', '--backend', 'cpu'])).err).toMatch(/no --backend for fig3/);
    expect((await rd(['reproduce', 'fig3', '--eval-batches', '2'])).err).toMatch(/no --eval-batches for fig3/);
    expect((await rd(['reproduce', 'fig3', '--memory-budget', '1GiB'])).err).toMatch(/no --memory-budget for fig3/);
  });
});

describe('rd reproduce overrides of evaluation and memory', () => {
  it("--eval-batches, --eval-batch-size and --memory-budget reach every method's settings (and the configuration hash)", () => {
    const base = figureSettings(FIGURES['fig5-cifar'], 'paper');
    const s = figureSettings(FIGURES['fig5-cifar'], 'paper', {
      evalBatches: 1,
      evalBatchSize: 256,
      memoryBudget: 2 ** 29,
    });
    for (const m of ['r2d2', 'nerd', 'wgd'])
      expect([s.perMethod[m].evalBatches, s.perMethod[m].evalBatchSize]).toEqual([1, 256]);
    expect(s.perMethod.r2d2.r2d2?.memoryBudget).toBe(2 ** 29);
    expect(s.perMethod.r2d2.hidden).toEqual(base.perMethod.r2d2.hidden);
    expect(configHash(figureConfig(FIGURES['fig5-cifar'], s))).not.toBe(
      configHash(figureConfig(FIGURES['fig5-cifar'], base)),
    );
    expect(() => figureSettings(FIGURES.fig2, 'quick', { evalBatchSize: 1 })).toThrow(/--eval-batch-size/);
  });
});

describe('rd reproduce, real-data figures', () => {
  it.each([
    ['fig5-cifar', /cs\.toronto\.edu/],
    ['fig5-speech', /free-spoken-digit-dataset/],
  ])('%s without --data: one line naming --data and where to get the data', async (fig, url) => {
    const r = await rd(['reproduce', fig]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^rd: ${fig} needs real data: missing --data DIR\\. Download`));
    expect(r.err).toMatch(url);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it.each(['fig5-cifar', 'fig5-speech'])(
    '%s with an empty --data folder: one line saying it holds no data',
    async (fig) => {
      mkdirSync(join(dir, 'empty'), { recursive: true });
      const r = await rd(['reproduce', fig, '--data', 'empty']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^rd: --data '.*empty' holds no usable /);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    },
  );

  it('names the figures when FIG is missing or unknown', async () => {
    expect((await rd(['reproduce'])).err).toMatch(
      /missing FIG \(one of fig2, fig3, fig4, fig5-cifar, fig5-speech, fig7, fig8, fig9, fig10\)/,
    );
    expect((await rd(['reproduce', 'fig6'])).code).toBe(2);
  });

  it('--units bits --distortion sse convert the table; --json records which conventions the table and the panes use', async () => {
    const fig2 = [
      'reproduce',
      'fig2',
      '--steps',
      '2',
      '--eps',
      '0.5',
      '--eval-batches',
      '2',
      '--eval-batch-size',
      '64',
    ];
    const flags = [...fig2, '--backend', 'cpu', '--progress', 'none'];
    const r = await rd([...flags, '--units', 'bits', '--distortion', 'sse']);
    expect(r.code, r.err).toBe(0);
    const header = r.out.split('\n').find((l) => l.includes('R exact'))!;
    expect(header).toMatch(/median \|ΔR\| \(bits\).*median rate \(bits\).*R exact \(bits\)/);
    // R(0.5) = ½ log₂ 2 = 0.5 bits in every row's last column.
    const rows = r.out.split('\n').filter((l) => /^\s*(r2d2|nerd|wgd|ebrd)\s/.test(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Number(row.trim().split(/\s+/).at(-1))).toBeCloseTo(0.5, 5);
    // --json: the table converted and a conventions record saying the panes stay in the library's units.
    const json = await rd([...flags, '--units', 'bits', '--json']);
    expect(json.code, json.err).toBe(0);
    const out = JSON.parse(json.out) as {
      table: { headers: string[]; rows: unknown[][] };
      conventions: { table: { rate: string }; panels: { rate: string } };
    };
    expect(out.conventions.table.rate).toBe('bits');
    expect(out.conventions.panels.rate).toBe('nats');
    const exact = out.table.headers.indexOf('R exact (bits)');
    expect(exact).toBeGreaterThan(0);
    for (const row of out.table.rows) expect(row[exact] as number).toBeCloseTo(0.5, 5);
  });
});
