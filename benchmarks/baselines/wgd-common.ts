// Shared plumbing of the WGD benchmarks: JSON output beside the other results, and plain-text tables.
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchmarkResult } from '@ratedistortion/benchmarks';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/**
 * Write `results/<name>.json` through the shared writer (machine description in the envelope); the 1/5/15-minute
 * load averages at the end of the run go into the payload, since the machine is shared and timings depend on them.
 */
export function writeResult(name: string, payload: Record<string, unknown>, backend?: string): string {
  const file = join(RESULTS_DIR, `${name}.json`);
  writeBenchmarkResult(file, name, { ...payload, loadAverageAtEnd: loadavg() }, backend);
  return file;
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const a = Math.abs(x);
  return a >= 1000 || a < 1e-3 ? x.toExponential(3) : x.toFixed(4);
}

export function list(s: string): number[] {
  const v = s.split(',').map(Number);
  if (v.some((x) => !Number.isFinite(x) || x <= 0))
    throw new Error(`expected a comma-separated list of positive numbers, got ${s}`);
  return v;
}

export function positiveInt(s: string, name: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${s}`);
  return n;
}
