// Shared plumbing of the R2D2 benchmarks: flags, timing, JSON output and tables.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeBenchmarkResult } from '@ratedistortion/benchmarks';
import { currentBackend, useBackend } from '@ratedistortion/core';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** Flags every benchmark takes; each script documents its own defaults. */
export interface BenchFlags {
  steps: number;
  seeds: number;
  backend: 'cpu' | 'wasm';
  evalBatches: number;
  evalBatchSize: number;
  checkpointEvery: number;
}

/** Parse the common flags plus `extra` string flags of one script (returned in `extra`). */
export function parseFlags(
  defaults: BenchFlags,
  extra: Record<string, string> = {},
): BenchFlags & { extra: Record<string, string> } {
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(Object.entries(extra).map(([k, d]) => [k, { type: 'string' as const, default: d }])),
      steps: { type: 'string' },
      seeds: { type: 'string' },
      backend: { type: 'string' },
      'eval-batches': { type: 'string' },
      'eval-batch-size': { type: 'string' },
      'checkpoint-every': { type: 'string' },
    },
    strict: true,
  });
  const int = (v: string | undefined, d: number, name: string) => {
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${v}`);
    return n;
  };
  const backend = (values.backend ?? defaults.backend) as BenchFlags['backend'];
  if (backend !== 'cpu' && backend !== 'wasm') throw new Error(`--backend must be cpu or wasm, got ${backend}`);
  return {
    steps: int(values.steps, defaults.steps, 'steps'),
    seeds: int(values.seeds, defaults.seeds, 'seeds'),
    backend,
    evalBatches: int(values['eval-batches'], defaults.evalBatches, 'eval-batches'),
    evalBatchSize: int(values['eval-batch-size'], defaults.evalBatchSize, 'eval-batch-size'),
    checkpointEvery: int(values['checkpoint-every'], defaults.checkpointEvery, 'checkpoint-every'),
    extra: Object.fromEntries(Object.keys(extra).map((k) => [k, String((values as Record<string, unknown>)[k])])),
  };
}

export async function selectBackend(name: BenchFlags['backend']): Promise<string> {
  await useBackend(name);
  return String(currentBackend());
}

/** Write benchmarks/results/r2d2-<name>.json: the payload under `result`, with the machine and the backend. */
export function writeResult(name: string, payload: unknown, backend: string): string {
  const file = join(RESULTS_DIR, `r2d2-${name}.json`);
  writeBenchmarkResult(file, `r2d2-${name}`, payload, backend);
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

export function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}
