/**
 * @packageDocumentation
 * Analytic rate–distortion results for continuous sources under squared error: Gaussian reverse
 * water-filling, backward-heat-equation (BHE) solutions for Gaussian and sinc⁴ mixtures (closed form and
 * Fourier), the Shannon lower bound, Blahut–Arimoto on grids, and adaptive quadrature.
 *
 * Conventions: distortion `D = ½E‖X−X̂‖²`, rates in nats, `eps = 1/β`.
 */
export * from './sources/index.js';
export * from './gaussian/index.js';
export * from './mixture/index.js';
export * from './bounds/index.js';
export * from './fourier/index.js';
export * from './sinc4/index.js';
export * from './blahut-arimoto/index.js';
export * from './rd-point/index.js';
