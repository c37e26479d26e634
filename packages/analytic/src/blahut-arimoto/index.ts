export * from './toeplitz.js';
export * from './blahut-arimoto.js';
export * from './toeplitz-fft.js';
export * from './at-target.js';
