export * from './grid-density.js';
export * from './blahut-arimoto-estimator.js';
