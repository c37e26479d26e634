// One model of a per-eps curve (NERD, WGD, EBRD), the unit that a thread trains: made from its constructor options
// (or restored from its checkpoint), trained, read out at its eps and released. The same function runs on the
// caller's thread and on a worker thread (per-eps-workers.ts), which is why a model's numbers do not depend on
// the thread: only plain data (options, checkpoint, budget, read-out settings) decides them.
import { downloadDeviceTensors, type SampleSource } from '@ratedistortion/core';
import type { EvaluateOptions, RdEstimator, RdPointEstimate, TrainOptions, TrainResult } from '../estimator/types.js';
import { EBRD } from '../ebrd/ebrd.js';
import type { EbrdOptions } from '../ebrd/config.js';
import { NERD } from '../nerd/nerd.js';
import type { NerdOptions } from '../nerd/config.js';
import { WGD } from '../wgd/wgd.js';
import type { WgdOptions } from '../wgd/config.js';
import { progressOf } from './curve-job.js';
import type { StratifiedEvaluation } from './stratified-evaluation.js';

/** @internal The per-eps methods. */
export type PerEpsMethod = 'nerd' | 'wgd' | 'ebrd';

/** @internal A per-eps model to train: its constructor options (eps included), or the checkpoint to resume. */
export type PerEpsModelMake = { options: Record<string, unknown> } | { checkpoint: unknown };

/** @internal How each per-eps method makes and restores a model. */
export const PER_EPS_CONSTRUCTORS: Readonly<
  Record<
    PerEpsMethod,
    {
      construct(source: SampleSource, options: Record<string, unknown>): RdEstimator;
      restore(source: SampleSource, checkpoint: unknown): RdEstimator;
    }
  >
> = {
  nerd: {
    construct: (source, options) => new NERD(source, options as unknown as NerdOptions),
    restore: (source, c) => NERD.fromJSON(c, source),
  },
  wgd: {
    construct: (source, options) => new WGD(source, options as unknown as WgdOptions),
    restore: (source, c) => WGD.fromJSON(c, source),
  },
  ebrd: {
    construct: (source, options) => new EBRD(source, options as unknown as EbrdOptions),
    restore: (source, c) => EBRD.fromJSON(c, source),
  },
};

/**
 * @internal What {@link trainPerEpsModelUnit} returns: the read-out (null when training was aborted), what training
 * did, and the model's checkpoint when training was aborted (null otherwise).
 */
export interface PerEpsModelOutcome {
  estimate: RdPointEstimate | null;
  training: TrainResult;
  checkpoint: unknown;
}

/**
 * @internal Make (or restore) one model on `source` (the stratified `view`'s source when there is one), train it
 * under `train` (no step at all when `train.steps` or `train.seconds` is 0), read it out at `eps` with `evaluate`
 * (inside the view's stratified draws) unless training was aborted, and release it.
 */
export async function trainPerEpsModelUnit(
  method: PerEpsMethod,
  source: SampleSource,
  view: StratifiedEvaluation<SampleSource> | null,
  make: PerEpsModelMake,
  eps: number,
  train: TrainOptions,
  evaluate: EvaluateOptions,
): Promise<PerEpsModelOutcome> {
  const kind = PER_EPS_CONSTRUCTORS[method];
  const on = view ? view.source : source;
  const est = 'options' in make ? kind.construct(on, make.options) : kind.restore(on, make.checkpoint);
  try {
    // On a device backend (webgpu) toJSON's synchronous reads need host copies of the fresh weights.
    await downloadDeviceTensors();
    const start = progressOf(est.toJSON());
    const training: TrainResult =
      train.steps === 0 || train.seconds === 0
        ? { steps: 0, totalSteps: start, seconds: 0, stepsPerSecond: 0, aborted: false, lastLoss: NaN }
        : await est.train(train);
    if (training.aborted) return { estimate: null, training, checkpoint: est.toJSON() };
    const read = () => est.evaluate(eps, evaluate);
    return { estimate: view ? view.evaluating(read) : read(), training, checkpoint: null };
  } finally {
    est.dispose();
  }
}
