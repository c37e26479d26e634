// The Blahut–Arimoto curve runner: one solve per eps (and replicate) on a grid density of source samples.
import { BlahutArimotoEstimator } from '../blahut-arimoto/blahut-arimoto-estimator.js';
import {
  modelProgress,
  pointOf,
  progressEvery,
  progressOf,
  trainSummary,
  validateJob,
  type CurveJob,
  type CurveMethodRun,
} from './curve-job.js';

/** @internal What `CURVE_METHODS.ba.run` does. */
export async function runBlahutArimotoCurve(job: CurveJob): Promise<CurveMethodRun> {
  validateJob(job, false);
  const est =
    job.resume !== undefined
      ? BlahutArimotoEstimator.fromJSON(job.resume, job.source)
      : new BlahutArimotoEstimator(job.source, { seed: job.seed, ...job.ba, eps: job.eps });
  try {
    const replicates = est.options.replicates ?? 1;
    const start = progressOf(est.toJSON());
    const solves = job.eps.length * replicates;
    const t0 = performance.now();
    const trained = await est.train({
      steps: solves,
      seconds: job.seconds,
      signal: job.signal,
      progressEvery: progressEvery(job, 'ba'),
      onProgress: modelProgress(job, t0, { method: 'ba', model: 0, models: 1, targetSteps: start + solves }),
    });
    const checkpoint = est.toJSON();
    await job.saveCheckpoint?.(checkpoint);
    const evaluate = est.trained && (!trained.aborted || (job.evaluateOnAbort ?? true));
    const points = evaluate ? job.eps.map((eps) => pointOf(est.evaluate(eps))) : [];
    return { points, train: trainSummary(trained, trained.aborted, 1, 1), checkpoint };
  } finally {
    est.dispose();
  }
}
