import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, Random } from '@ratedistortion/core';
import { DatasetFileError } from '../errors/dataset-file-error.js';
import { momentZScores } from '../source/moment-check.js';
import { parseCsvSamples } from './csv.js';
import { EmpiricalSource } from './empirical.js';

describe('EmpiricalSource (kind samples)', () => {
  const rows = [
    [0, 1],
    [2, -1],
    [4, 3],
    [1, 1],
  ];
  const e = new EmpiricalSource(rows);

  it('exact moments of the empirical law (divisor n) and resampled draws that match them', () => {
    expect(Array.from(e.mean())).toEqual([1.75, 1]);
    // Var of column 0: mean of squares 21/4 − 1.75² = 2.1875.
    expect(e.covariance()[0][0]).toBeCloseTo(2.1875, 14);
    const z = momentZScores(e.sample(40_000, new Random(1)), e.mean(), e.covariance());
    expect(Math.max(z.meanZ, z.covarianceZ)).toBeLessThan(5);
  });

  it('draws are rows of the data, each row with frequency ≈ 1/4 (binomial SE)', () => {
    const n = 20_000;
    const x = e.sample(n, new Random(2));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      const k = rows.findIndex((r) => r[0] === x.data[2 * i] && r[1] === x.data[2 * i + 1]);
      expect(k).toBeGreaterThanOrEqual(0);
      counts[k]++;
    }
    const se = Math.sqrt((0.25 * 0.75) / n);
    for (const c of counts) expect(Math.abs(c / n - 0.25)).toBeLessThan(5 * se);
  });

  it('characteristic function is the average of e^{iωᵀx}', () => {
    const cf = e.characteristicFunction(Float64Array.of(0.3, -0.2));
    const phases = rows.map((r) => 0.3 * r[0] - 0.2 * r[1]);
    expect(cf.re).toBeCloseTo(phases.reduce((s, p) => s + Math.cos(p), 0) / 4, 15);
    expect(cf.im).toBeCloseTo(phases.reduce((s, p) => s + Math.sin(p), 0) / 4, 15);
  });

  it('entropy is reported unknown with a typed error', () => {
    expect(e.hasEntropy).toBe(false);
    expect(() => e.entropy()).toThrow(InvalidParameterError);
  });

  it('CSV: header, comments, separators; errors name the file and line', () => {
    const s = parseCsvSamples('# comment\nx,y\n1, 2\n3;4\n\n5\t6\n', 'data.csv');
    expect(s).toEqual({ n: 3, dim: 2, data: Float64Array.of(1, 2, 3, 4, 5, 6) });
    expect(() => parseCsvSamples('1,2\n3\n', 'data.csv')).toThrow(/data\.csv.*line 2/);
    expect(() => parseCsvSamples('1,2\n3,abc\n', 'data.csv')).toThrow(DatasetFileError);
    expect(() => parseCsvSamples('x,y\n', 'data.csv')).toThrow(/no numeric rows/);
  });

  it('spec with a CSV file (Node) round-trips; a missing file is a DatasetFileError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-csv-'));
    const file = join(dir, 'x.csv');
    writeFileSync(file, 'a,b\n1,2\n3,4\n');
    const src = EmpiricalSource.fromSpec({ kind: 'samples', file });
    expect(src.toSpec()).toEqual({ kind: 'samples', file });
    expect(src.data.data).toEqual(Float64Array.of(1, 2, 3, 4));
    expect(() => EmpiricalSource.fromSpec({ kind: 'samples', file: join(dir, 'missing.csv') })).toThrow(
      DatasetFileError,
    );
  });
});
