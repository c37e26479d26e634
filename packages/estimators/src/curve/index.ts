export {
  CURVE_METHOD_NAMES,
  isCurveMethod,
  type CurveJob,
  type CurveJobSettings,
  type CurveMethod,
  type CurveMethodPoint,
  type CurveMethodRun,
  type CurveMethodSpec,
  type CurveProgress,
  type R2D2Readout,
} from './curve-job.js';
export * from './methods.js';
export type { PerEpsCurveCheckpoint, PerEpsFinishedModel } from './per-eps-runner.js';
export {
  runCurve,
  runCurves,
  DEFAULT_CHECKPOINT_SECONDS,
  type RunCurvesOptions,
  type CurveBackend,
  type CurvePoint,
  type RunCurveOptions,
  type RunCurveResult,
} from './run-curve.js';
export * from './stratified-evaluation.js';
