export * from './toeplitz.js';
export * from './blahut-arimoto.js';
export * from './toeplitz-fft.js';
