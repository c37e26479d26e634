import { describe, expect, it } from 'vitest';
import { CliUsageError } from './usage-error.js';
import {
  parseByteSize,
  parseChoice,
  parseInteger,
  parseNumber,
  parsePositive,
  parsePositiveList,
  parseRange,
} from './values.js';
import { formatCommandHelp, parseCommandOptions, type CommandSpec } from './options.js';

describe('option value parsers', () => {
  it('parse plain decimal numbers and reject everything else', () => {
    expect(parseNumber('--a', '1e-3')).toBe(0.001);
    expect(parseNumber('--a', '-.5')).toBe(-0.5);
    expect(parseNumber('--a', ' 2 ')).toBe(2);
    for (const bad of ['', 'abc', '1,5', '0x10', 'NaN', 'Infinity', '1e400', '2.5.1', '1e']) {
      expect(() => parseNumber('--a', bad), bad).toThrow(CliUsageError);
    }
    expect(() => parseNumber('--a', 'abc', 'analytic')).toThrow(
      "--a expects a number, got 'abc'. Run 'rd analytic --help'.",
    );
  });

  it('positive numbers, integers and lists', () => {
    expect(parsePositive('--eps', '0.25')).toBe(0.25);
    expect(() => parsePositive('--eps', '0')).toThrow(/--eps must be > 0/);
    expect(() => parsePositive('--eps', '-1')).toThrow(/--eps must be > 0/);
    expect(parseInteger('--n', '12', 1)).toBe(12);
    expect(() => parseInteger('--n', '1.5', 1)).toThrow(/integer >= 1/);
    expect(() => parseInteger('--n', '0', 1)).toThrow(/integer >= 1/);
    expect(() => parseInteger('--seed', '5000000000', 0, 0xffffffff)).toThrow(/in \[0, 4294967295\]/);
    expect(parsePositiveList('--eps', '0.01,0.02, 0.5')).toEqual([0.01, 0.02, 0.5]);
    expect(() => parsePositiveList('--eps', '0.01,,0.02')).toThrow(/comma-separated/);
    expect(() => parsePositiveList('--eps', '0.01,-2')).toThrow(/> 0/);
  });

  it('memory sizes need their unit', () => {
    expect(parseByteSize('--memory-budget', '512MiB')).toBe(512 * 2 ** 20);
    expect(parseByteSize('--memory-budget', '1.5GiB')).toBe(1.5 * 2 ** 30);
    expect(parseByteSize('--memory-budget', '2 GB')).toBe(2e9);
    for (const bad of ['512', '0MiB', '1TiB', 'GiB', '-1GiB', '1 gib'])
      expect(() => parseByteSize('--memory-budget', bad), bad).toThrow(CliUsageError);
    expect(() => parseByteSize('--memory-budget', '512')).toThrow(
      /--memory-budget expects a size with its unit such as 512MiB/,
    );
  });

  it('ranges a:b:n are inclusive and evenly spaced', () => {
    const r = parseRange('--eps-range', '0.05:0.95:10', { positive: true });
    expect(r).toHaveLength(10);
    expect(r[0]).toBe(0.05);
    expect(r[9]).toBe(0.95);
    for (let i = 0; i < 10; i++) expect(r[i]).toBeCloseTo(0.05 + 0.1 * i, 14);
    expect(parseRange('--x', '-3:3:7')).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(parseRange('--x', '2:2:1')).toEqual([2]);
    expect(() => parseRange('--x', '1:2:1')).toThrow(/start = end/);
    expect(() => parseRange('--x', '1:2')).toThrow(/a:b:n/);
    expect(() => parseRange('--x', '2:1:5')).toThrow(/start <= end/);
    expect(() => parseRange('--x', '1:2:0')).toThrow(/count expects an integer/);
    expect(() => parseRange('--eps-range', '0:1:5', { positive: true })).toThrow(/start must be > 0/);
  });

  it('choices', () => {
    expect(parseChoice('--m', 'b', ['a', 'b'] as const)).toBe('b');
    expect(() => parseChoice('--m', 'c', ['a', 'b'] as const)).toThrow("--m must be one of a, b; got 'c'");
  });
});

describe('command option parsing', () => {
  const spec: CommandSpec = {
    name: 'demo',
    summary: 'a demo',
    usage: ['rd demo --x A:B:N'],
    examples: ['rd demo --x 0:1:3'],
    options: {
      x: { type: 'string', value: 'A:B:N', description: 'grid' },
      json: { type: 'boolean', description: 'json' },
      'batch-size': { type: 'string', value: 'M', description: 'batch size' },
      batch: { type: 'string', value: 'M', description: 'batch size', aliasOf: 'batch-size' },
    },
  };

  it('reads string and boolean options, including values that look like negative numbers', () => {
    expect(parseCommandOptions(spec, ['--x', '-3:3:7', '--json'])).toMatchObject({ x: '-3:3:7', json: true });
    expect(parseCommandOptions(spec, ['--x=-1:1:3']).x).toBe('-1:1:3');
    expect(parseCommandOptions(spec, ['--help']).help).toBe(true);
  });

  it('turns parse failures into one-line usage errors naming the command', () => {
    for (const argv of [['--y', '1'], ['stray'], ['--x']]) {
      try {
        parseCommandOptions(spec, argv);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(CliUsageError);
        expect((e as Error).message).not.toContain('\n');
        expect((e as Error).message).toMatch(/Run 'rd demo --help'\.$/);
      }
    }
  });

  it('help lists every option, the common ones and the examples', () => {
    const help = formatCommandHelp(spec);
    for (const s of ['rd demo — a demo', '--x A:B:N', '--json', '--help', '--debug', 'rd demo --x 0:1:3'])
      expect(help).toContain(s);
    expect(help).toMatch(/--batch M +batch size \(deprecated: former name of --batch-size\)\n/);
  });

  it('reads a former option name as the option, refuses both at once', () => {
    expect(parseCommandOptions(spec, ['--batch', '64'])).toEqual({ 'batch-size': '64' });
    expect(parseCommandOptions(spec, ['--batch-size', '64'])).toEqual({ 'batch-size': '64' });
    expect(() => parseCommandOptions(spec, ['--batch', '64', '--batch-size', '64'])).toThrow(
      /--batch is the former name of --batch-size: give one of them/,
    );
  });
});
