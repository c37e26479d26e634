/**
 * @packageDocumentation
 * Sources for rate–distortion experiments: synthetic distributions with exact moments, densities and entropies
 * (Gaussian, Gaussian mixture, Laplace, uniform, the paper's sinc⁴ mixture), user samples, CIFAR-10 4×4
 * grayscale patches and Free Spoken Digit 33-dimensional log-STFT features — all behind one {@link Source}
 * interface that round-trips through a JSON SPEC.
 *
 * Conventions: rates and entropies in nats; `characteristicFunction(ω) = E[exp(i ωᵀX)]`.
 */
export * from './errors/index.js';
export * from './files/index.js';
export * from './source/index.js';
export * from './spec/index.js';
export * from './registry/index.js';
export * from './synthetic/index.js';
export * from './cifar/index.js';
export * from './fsdd/index.js';
