/**
 * @packageDocumentation
 * Core building blocks of ratedistortion: typed errors, seeded randomness, tfjs backends, SDE integrators,
 * differential-entropy estimators, linear algebra, quadrature, root finding, FFT, the probability laws of the
 * analytic sources (Gaussian mixture, sinc⁴ mixture, Laplace, uniform), small neural networks and the TEC loss
 * with the Eq. (24) read-out.
 *
 * Conventions: distortion `D = ½E‖X−X̂‖²`, rates in nats, `eps = 1/β`.
 */
export * from './errors/index.js';
export * from './random/index.js';
export * from './samples/index.js';
export * from './spec/index.js';
export * from './backend/index.js';
export * from './linalg/index.js';
export * from './quadrature/index.js';
export * from './roots/index.js';
export * from './fft/index.js';
export * from './laws/index.js';
export * from './sde/index.js';
export * from './entropy/index.js';
export * from './nn/index.js';
export * from './tec/index.js';
export * from './dual/index.js';
export * from './units/index.js';
export * from './files/index.js';
