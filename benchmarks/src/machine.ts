// Benchmark figures mean nothing without the machine they were taken on, so every result file carries this.
import { readFileSync } from 'node:fs';
import { arch, cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { webGpuAdapter, type WebGpuAdapterDetails } from '@ratedistortion/core';

/**
 * The machine a benchmark ran on, stored in every `benchmarks/results/*.json` file.
 *
 * @example
 * ```ts
 * import { describeMachine, type MachineDescription } from '@ratedistortion/benchmarks';
 * const m: MachineDescription = describeMachine('cpu');
 * console.log(m.cpu, m.cores, m.memoryGiB);
 * ```
 */
export interface MachineDescription {
  /** CPU model as the OS reports it. */
  readonly cpu: string;
  /** Logical cores visible to Node. */
  readonly cores: number;
  /** Instruction-set extensions relevant to the numbers (avx2, avx512f, fma, neon), when the OS exposes them. */
  readonly simd: readonly string[];
  /** Total memory in GiB. */
  readonly memoryGiB: number;
  /** Free memory in GiB when the benchmark started. */
  readonly freeMemoryGiB: number;
  /** 1-minute load average when the benchmark started: above ~0.5 per core, timings are from a busy machine. */
  readonly load1: number;
  readonly os: string;
  readonly node: string;
  /** The tfjs backend used, when the benchmark uses tfjs (filled in by the caller). */
  readonly backend?: string;
  /** With backend 'webgpu': the adapter (vendor, device, description, software or not). */
  readonly webgpuAdapter?: WebGpuAdapterDetails;
  /** ISO time the description was taken. */
  readonly date: string;
}

function simdFlags(): string[] {
  if (platform() !== 'linux') return [];
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    const flags = new Set((/^flags\s*:\s*(.*)$/m.exec(text)?.[1] ?? '').split(/\s+/));
    return ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'neon', 'asimd'].filter((f) => flags.has(f));
  } catch {
    return [];
  }
}

/**
 * Describes this machine for a benchmark result: CPU, cores, SIMD extensions, memory, load, OS and Node.
 *
 * @param backend - the tfjs backend the benchmark used, if any.
 *
 * @example
 * ```ts
 * import { describeMachine } from '@ratedistortion/benchmarks';
 * const m = describeMachine('wasm');
 * console.log(`${m.cpu}, ${m.cores} cores, load ${m.load1.toFixed(2)}, node ${m.node}`);
 * ```
 */
export function describeMachine(backend?: string): MachineDescription {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    simd: simdFlags(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    load1: Math.round(loadavg()[0] * 100) / 100,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    ...(backend === undefined ? {} : { backend }),
    ...(backend === 'webgpu' && webGpuAdapter() !== undefined ? { webgpuAdapter: webGpuAdapter() } : {}),
    date: new Date().toISOString(),
  };
}
