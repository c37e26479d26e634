import { describe, expect, it } from 'vitest';
import type { RunCurveResult } from '@ratedistortion/estimators';
import { formatCurveResults } from './curve-format.js';

const result = (readout: NonNullable<RunCurveResult['train']['readout']>): RunCurveResult => ({
  method: 'r2d2',
  source: { kind: 'sinc4-mixture', weights: [1], scales: [1] },
  points: [],
  train: { steps: 3, totalSteps: 3, seconds: 0.5, backend: 'cpu', aborted: false, chain: 'fixed', readout },
});

describe("rd curve's footer line for R2D2", () => {
  it('says how R2D2 read out, and that the control variate was left out for a source with an infinite fourth moment', () => {
    const footer = (r: RunCurveResult) => formatCurveResults([r], 'table').trim().split('\n').at(-1);
    expect(footer(result({ entropy: 'knn', controlVariate: true, sampling: 'iid' }))).toBe(
      '# r2d2: 3 steps in 0.5 s on cpu, fixed chain; read out with the whitened k-NN entropy and the Gaussian control variate on i.i.d. batches',
    );
    expect(
      footer(
        result({
          entropy: 'knn',
          controlVariate: false,
          controlVariateWithheld: 'infinite-fourth-moment',
          sampling: 'stratified',
        }),
      ),
    ).toBe(
      "# r2d2: 3 steps in 0.5 s on cpu, fixed chain; read out with the whitened k-NN entropy on stratified batches (no control variate: the source's fourth moment is infinite)",
    );
    expect(
      footer(
        result({ entropy: 'knn', controlVariate: false, controlVariateWithheld: 'zero-init', sampling: 'stratified' }),
      ),
    ).toBe(
      '# r2d2: 3 steps in 0.5 s on cpu, fixed chain; read out with the whitened k-NN entropy on stratified batches',
    );
  });
});

describe("rd curve's footer line: the threads that trained", () => {
  const footer = (r: RunCurveResult) => formatCurveResults([r], 'table').trim().split('\n').at(-1);
  const run = (method: RunCurveResult['method'], train: Partial<RunCurveResult['train']>): RunCurveResult => ({
    method,
    source: { kind: 'gaussian', variance: 1 },
    points: [],
    train: { steps: 12, totalSteps: 12, seconds: 0.5, backend: 'wasm', aborted: false, ...train },
  });

  it('always for the per-eps methods (their default takes the cores, or one thread), for R2D2 when more than one', () => {
    expect(footer(run('wgd', { models: 3, workers: 2 }))).toBe(
      '# wgd: 12 steps (3 models, 2 threads) in 0.5 s on wasm',
    );
    expect(footer(run('nerd', { models: 3, workers: 1 }))).toBe(
      '# nerd: 12 steps (3 models, 1 thread) in 0.5 s on wasm',
    );
    expect(footer(run('ebrd', { models: 1, workers: 1 }))).toBe('# ebrd: 12 steps (1 thread) in 0.5 s on wasm');
    expect(footer(run('r2d2', { workers: 2 }))).toBe('# r2d2: 12 steps (2 threads) in 0.5 s on wasm');
    expect(footer(run('r2d2', { workers: 1 }))).toBe('# r2d2: 12 steps in 0.5 s on wasm');
    // A result without the count (written before it was reported, or merged from shards) says nothing of it.
    expect(footer(run('wgd', { models: 3 }))).toBe('# wgd: 12 steps (3 models) in 0.5 s on wasm');
  });

  it("names the wasm backend's kernel threads when the result records them", () => {
    expect(footer(run('r2d2', { workers: 1, kernelThreads: 2 }))).toBe(
      '# r2d2: 12 steps in 0.5 s on wasm (2 kernel threads)',
    );
    expect(footer(run('wgd', { models: 2, workers: 2, kernelThreads: 1 }))).toBe(
      '# wgd: 12 steps (2 models, 2 threads) in 0.5 s on wasm (1 kernel thread)',
    );
  });
});
