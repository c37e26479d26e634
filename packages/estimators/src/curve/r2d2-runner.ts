// The R2D2 curve runner: one amortised model over [epsMin, epsMax], trained (or resumed) once and read out at
// every eps of the job; its checkpoint is the R2D2 checkpoint.
import { NumericalError, downloadDeviceTensors } from '@ratedistortion/core';
import { yieldToEventLoop } from '../estimator/event-loop.js';
import type { TrainResult } from '../estimator/types.js';
import { R2D2 } from '../r2d2/r2d2.js';
import { r2d2WorkerCount } from '../r2d2/r2d2-worker-count.js';
import {
  batchSizeOf,
  evalOptions,
  evalSampling,
  modelProgress,
  modelSteps,
  pointOf,
  progressEvery,
  periodicCheckpoints,
  progressOf,
  trainSummary,
  validateJob,
  withBatchSize,
  type CurveJob,
  type CurveMethodRun,
  type R2D2Readout,
} from './curve-job.js';

/** @internal What `CURVE_METHODS.r2d2.run` does. */
export async function runR2D2Curve(job: CurveJob): Promise<CurveMethodRun> {
  validateJob(job, true);
  let est: R2D2;
  if (job.resume !== undefined) {
    est = R2D2.fromJSON(job.resume, job.source);
  } else {
    const lo = Math.min(...job.eps);
    const hi = Math.max(...job.eps);
    est = new R2D2(job.source, {
      epsMin: job.epsMin ?? (lo === hi ? 0.9 * lo : lo),
      epsMax: job.epsMax ?? (lo === hi ? 1.1 * hi : hi),
      batchSize: batchSizeOf(job),
      dt: job.dt,
      hidden: job.hidden,
      entropy: job.entropy,
      evalEntropy: job.evalEntropy,
      learningRate: job.learningRate,
      scheme: job.scheme,
      seed: job.seed,
      ...withBatchSize(job.r2d2),
    });
  }
  try {
    // On a device backend (webgpu) toJSON's synchronous reads need host copies of the fresh weights.
    await downloadDeviceTensors();
    const start = progressOf(est.toJSON());
    const steps = modelSteps(job, start);
    const target = steps === undefined ? undefined : start + steps;
    const t0 = performance.now();
    let trained: TrainResult;
    try {
      trained = await est.train({
        steps,
        seconds: job.seconds,
        signal: job.signal,
        progressEvery: progressEvery(job, 'r2d2'),
        workers: job.workers,
        ...periodicCheckpoints(job, (c) => c),
        onProgress: modelProgress(job, t0, {
          method: 'r2d2',
          model: 0,
          models: 1,
          targetSteps: target,
          chain: est.chain,
        }),
      });
    } catch (err) {
      if (err instanceof NumericalError && est.lastGoodCheckpoint) await job.saveCheckpoint?.(est.lastGoodCheckpoint);
      throw err;
    }
    const checkpoint = est.toJSON();
    await job.saveCheckpoint?.(checkpoint);
    const evaluate = !trained.aborted || (job.evaluateOnAbort ?? true);
    // Unset: R2D2's own default (i.i.d. batches where its control variate applies, stratified otherwise).
    const sampling = job.evalSampling === undefined ? undefined : evalSampling(job);
    const points = [];
    let aborted = trained.aborted;
    if (evaluate) {
      for (const eps of job.eps) {
        // The read-out is synchronous per eps: yielding between points lets Ctrl-C/SIGTERM handlers run, so an
        // abort stops the read-out after the current point (and a second Ctrl-C can exit at once).
        await yieldToEventLoop();
        if (job.signal?.aborted && !trained.aborted) {
          aborted = true;
          break;
        }
        points.push(pointOf(est.evaluate(eps, { ...evalOptions(job), ...(sampling ? { sampling } : {}) })));
      }
    }
    const withheld = est.controlVariateWithheld;
    const readout: R2D2Readout = {
      entropy: est.config.evalEntropy,
      controlVariate: est.controlVariate,
      ...(withheld === null ? {} : { controlVariateWithheld: withheld }),
      sampling: sampling ?? est.defaultSampling,
    };
    // The count train resolved (it has checked it): R2D2's default stays 1 (see CurveJobSettings.workers).
    const workers = r2d2WorkerCount(job.workers, est.config.batchSize);
    return { points, train: trainSummary(trained, aborted, 1, workers), chain: est.chain, readout, checkpoint };
  } finally {
    // The worker threads R2D2 keeps between train calls: the run ends with none left.
    await est.closeWorkers();
    est.dispose();
  }
}
