import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DimensionMismatchError, InvalidParameterError, Random } from '@ratedistortion/core';
import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../args/usage-error.js';
import { readTextFile } from './cli-io.js';
import { formatSamplesCsv, parseSampleTable } from './csv.js';
import { formatCsv, formatJson, formatNumber, formatTable } from './format.js';

describe('sample tables', () => {
  it('read comma, semicolon, tab and space separated rows, with header and comments', () => {
    const expected = [1, 2, -3.5, 4e-3];
    for (const text of [
      '# two columns\nx,y\n1,2\n\n-3.5,4e-3\n',
      '1;2\r\n-3.5;0.004\r\n',
      '1\t2\n-3.5\t0.004',
      '  1   2\n-3.5 0.004\n',
    ]) {
      const { samples } = parseSampleTable(text);
      expect(samples.n).toBe(2);
      expect(samples.dim).toBe(2);
      expect(Array.from(samples.data)).toEqual(expected);
    }
    expect(parseSampleTable('a,b\n1,2\n').header).toEqual(['a', 'b']);
    expect(parseSampleTable('1,2\n').header).toBeUndefined();
  });

  it('reject ragged rows, non-numbers, NaN and empty input, naming line and column', () => {
    expect(() => parseSampleTable('1,2\n3\n', 'f.csv')).toThrow(DimensionMismatchError);
    expect(() => parseSampleTable('1,2\n3\n', 'f.csv')).toThrow(/f\.csv line 2/);
    expect(() => parseSampleTable('1,2\n3,x\n', 'f.csv')).toThrow(/f\.csv line 2, column 2/);
    expect(() => parseSampleTable('1,2\n3,NaN\n')).toThrow(InvalidParameterError);
    expect(() => parseSampleTable('1,2\n3,\n')).toThrow(/column 2/);
    expect(() => parseSampleTable('# nothing\n\n')).toThrow(/no data rows/);
    expect(() => parseSampleTable('x,y\n')).toThrow(/no data rows/);
    // A first row holding NaN or an overflowing number is data with a non-finite value, not a header.
    expect(() => parseSampleTable('NaN,1\n2,3\n', 'f.csv')).toThrow(
      /f\.csv line 1, column 1: expected a finite decimal number, got "NaN"/,
    );
    expect(() => parseSampleTable('-inf\n2\n', 'f.csv')).toThrow(/line 1, column 1/);
    expect(() => parseSampleTable('1\n1e999\n', 'f.csv')).toThrow(
      /line 2, column 1: expected a finite decimal number, got "1e999"/,
    );
  });

  it('write float64 values that read back bit for bit', () => {
    const rng = new Random(3);
    const data = new Float64Array(60);
    for (let i = 0; i < data.length; i++) data[i] = rng.normal() * 10 ** ((i % 7) - 3);
    const s = { n: 20, dim: 3, data };
    for (const header of [false, true]) {
      const back = parseSampleTable(formatSamplesCsv(s, header));
      expect(back.samples.dim).toBe(3);
      expect(Array.from(back.samples.data)).toEqual(Array.from(data));
      expect(back.header).toEqual(header ? ['x1', 'x2', 'x3'] : undefined);
    }
  });
});

describe('files and formatting', () => {
  it('a missing file is a one-line usage error with the path looked at', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-csv-'));
    writeFileSync(join(dir, 'a.csv'), '1\n2\n');
    const io = { stdout() {}, stderr() {}, cwd: dir };
    expect(readTextFile(io, '--samples', 'a.csv')).toBe('1\n2\n');
    expect(() => readTextFile(io, '--samples', 'missing.csv', 'entropy')).toThrow(CliUsageError);
    expect(() => readTextFile(io, '--samples', 'missing.csv', 'entropy')).toThrow(
      `cannot read --samples file 'missing.csv' (no such file; looked at ${join(dir, 'missing.csv')})`,
    );
    expect(() => readTextFile(io, '--samples', '.', 'entropy')).toThrow(/it is a directory/);
  });

  it('numbers, tables, CSV and JSON', () => {
    expect(formatNumber(Math.PI)).toBe('3.14159');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(1.5e-7)).toBe('1.50000e-7');
    expect(formatNumber(-2.5)).toBe('-2.5');
    const t = formatTable(
      ['eps', 'method'],
      [
        [0.1, 'closed-form'],
        [0.25, 'ba'],
      ],
    ).split('\n');
    expect(t[0]).toBe(' eps  method');
    expect(t[1]).toBe(' 0.1  closed-form');
    expect(t[2]).toBe('0.25  ba');
    expect(
      formatCsv(
        ['a', 'b'],
        [
          [0.1, 'x,y'],
          [1 / 3, true],
        ],
      ),
    ).toBe('a,b\n0.1,"x,y"\n0.3333333333333333,true\n');
    expect(JSON.parse(formatJson({ v: new Float64Array([1, 2]) }))).toEqual({ v: [1, 2] });
  });
});
