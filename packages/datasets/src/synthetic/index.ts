export * from './rotation.js';
export * from './gaussian.js';
export * from './gaussian-mixture.js';
export * from './laplace.js';
export * from './uniform.js';
export * from './sinc4-mixture.js';
export * from './csv.js';
export * from './empirical.js';
