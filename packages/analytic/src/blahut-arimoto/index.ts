export * from './toeplitz.js';
export * from './blahut-arimoto.js';
