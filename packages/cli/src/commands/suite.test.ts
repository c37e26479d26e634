import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUITE_SOURCES } from '@ratedistortion/estimators';
import { rd } from '../run/rd-in-memory.test-util.js';

describe('rd suite', () => {
  it('--references --json lists every catalogue source with its reference values and conventions', async () => {
    const r = await rd(['suite', '--references', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as {
      suite: { version: number };
      conventions: { rate: string };
      sources: {
        id: string;
        spec: unknown;
        points: { eps: number; rate: number; distortion: number; kind: string }[];
      }[];
    };
    expect(out.suite.version).toBe(1);
    expect(out.sources.map((s) => s.id)).toEqual(SUITE_SOURCES.map((s) => s.id));
    for (const s of out.sources) {
      expect(s.points.length).toBeGreaterThan(0);
      for (const p of s.points) expect(Number.isFinite(p.rate) && p.distortion > 0).toBe(true);
    }
    const g = out.sources.find((s) => s.id === 'gaussian-1d')!;
    expect(g.points.find((p) => p.eps === 0.5)!.rate).toBeCloseTo(0.5 * Math.log(2), 14);
  });

  it('--units bits --distortion sse convert the table; --csv has a header; --sources picks ids', async () => {
    const r = await rd([
      'suite',
      '--references',
      '--csv',
      '--units',
      'bits',
      '--distortion',
      'sse',
      '--sources',
      'gaussian-1d',
    ]);
    const rows = r.out.trim().split('\n');
    expect(rows[0]).toBe('source,dim,eps,rate,distortion,kind,method,gap');
    expect(rows).toHaveLength(4);
    const [, , eps, rate, dist] = rows[3].split(',');
    expect(Number(eps)).toBe(0.5);
    expect(Number(rate)).toBeCloseTo(0.5, 14); // ½log₂2
    expect(Number(dist)).toBeCloseTo(0.5, 14); // sse = 2D
  });

  it('--method ba --seconds 1 scores a source at D̂ and writes JSON and CSV to --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-suite-'));
    const r = await rd(
      [
        'suite',
        '--method',
        'ba',
        '--seconds',
        '1',
        '--sources',
        'gaussian-1d',
        '--backend',
        'cpu',
        '--out',
        'res',
        '--json',
      ],
      dir,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { rows: { source: string; errorAtDistortion: number; referenceKind: string }[] };
    expect(out.rows).toHaveLength(3);
    for (const row of out.rows) {
      expect(row.referenceKind).toBe('exact');
      expect(Math.abs(row.errorAtDistortion)).toBeLessThan(0.03);
    }
    expect(JSON.parse(readFileSync(join(dir, 'res', 'suite-ba.json'), 'utf8')).rows).toHaveLength(3);
    expect(readFileSync(join(dir, 'res', 'suite-ba.csv'), 'utf8').split('\n')[0]).toMatch(
      /^source,eps,rate,rate_se,distortion,distortion_se,reference_rate_at_distortion/,
    );
    const svg = readFileSync(join(dir, 'res', 'suite-ba.svg'), 'utf8');
    expect(svg).toContain('>gaussian-1d<');
    expect(svg.match(/class="series-points"/g)).toHaveLength(1);
  });

  it('--references --out writes the published table as JSON, CSV and one SVG pane per source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-suite-'));
    const r = await rd(['suite', '--references', '--out', 'v1'], dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'v1', 'suite-references.json'), 'utf8')) as {
      sources: { id: string }[];
    };
    expect(json.sources.map((s) => s.id)).toEqual(SUITE_SOURCES.map((s) => s.id));
    const csv = readFileSync(join(dir, 'v1', 'suite-references.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('source,dim,eps,rate,distortion,kind,method,gap');
    expect(csv).toHaveLength(1 + SUITE_SOURCES.reduce((n, s) => n + s.eps.length, 0));
    const svg = readFileSync(join(dir, 'v1', 'suite-references.svg'), 'utf8');
    // One nested pane per source (plus the outer document): a traced curve where the reference is a closed form,
    // the stored values as markers elsewhere.
    expect(svg.match(/<svg/g)).toHaveLength(SUITE_SOURCES.length + 1);
    const traced = SUITE_SOURCES.filter((s) => s.reference === 'closed-form' || s.reference === 'slb-deconvolution');
    expect(traced.length).toBeGreaterThan(0);
    expect(svg.match(/class="reference"/g)).toHaveLength(traced.length);
    expect(svg.match(/class="series-points"/g)).toHaveLength(SUITE_SOURCES.length - traced.length);
    for (const s of SUITE_SOURCES) expect(svg).toContain(`>${s.id}<`);
  });

  it('--out that cannot be a folder fails before any training, in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-suite-'));
    writeFileSync(join(dir, 'taken'), 'a file');
    const t0 = Date.now();
    const r = await rd(['suite', '--method', 'r2d2', '--seconds', '60', '--out', 'taken'], dir);
    expect(r.code).toBe(2);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/--out/);
  });

  it('bad input: one line, exit 2', async () => {
    for (const [argv, message] of [
      [['suite'], /give --references, or --method M and --seconds S/],
      [['suite', '--references', '--sources', 'nope'], /unknown id 'nope'/],
      [['suite', '--method', 'vae', '--seconds', '1'], /--method must be one of/],
      [['suite', '--method', 'ba', '--seconds', '0'], /--seconds must be > 0/],
      [['suite', '--references', '--method', 'ba'], /takes no --method/],
    ] as [string[], RegExp][]) {
      const r = await rd(argv);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
    }
  });
});
