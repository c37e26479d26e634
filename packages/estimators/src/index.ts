/**
 * @packageDocumentation
 * Neural rate–distortion estimators. R2D2 (Freirich & Weinberger, ICLR 2026, Alg. 1) with the estimator
 * interface every method shares (`train`, `evaluate`, `curve`, `sampleReconstruction`, checkpoints), and
 * `runCurve`, the whole `rd curve` job in one call.
 *
 * Conventions: distortion `D = ½E‖X−X̂‖²`, rates in nats, `eps = 1/β`.
 */
export * from './estimator/index.js';
export * from './amortisation/index.js';
export * from './optim/index.js';
export * from './checkpoint/index.js';
export * from './r2d2/index.js';
export * from './curve/index.js';
export * from './nerd/index.js';
export * from './wgd/index.js';
export * from './blahut-arimoto/index.js';
export * from './ebrd/index.js';
export * from './parallel/index.js';
export * from './suite/index.js';
