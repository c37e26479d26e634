// Test helper: the tiny, fast `rd curve` settings the command tests share (they check plumbing, not accuracy).

/** The unit Gaussian source as `--source` JSON. */
export const GAUSSIAN = '{"kind":"gaussian","variance":1}';

/** R2D2 (and the per-eps methods') flags for a run of a few hundred milliseconds on the cpu backend. */
export const R2D2_QUICK: readonly string[] = [
  '--batch-size',
  '32',
  '--dt',
  '0.1',
  '--hidden',
  '8x1',
  '--entropy',
  'gaussian',
  '--backend',
  'cpu',
  '--eval-batches',
  '2',
  '--eval-batch-size',
  '64',
];

/**
 * `rd curve` on {@link GAUSSIAN} with {@link R2D2_QUICK}: the methods, eps and steps, then `extra`; no progress
 * output unless `extra` sets `--progress`.
 */
export function quickCurve(method: string, eps: string, steps: number, ...extra: string[]): string[] {
  const progress = extra.includes('--progress') ? [] : ['--progress', 'none'];
  return [
    'curve',
    '--source',
    GAUSSIAN,
    '--method',
    method,
    '--eps',
    eps,
    '--steps',
    String(steps),
    ...R2D2_QUICK,
    ...progress,
    ...extra,
  ];
}
