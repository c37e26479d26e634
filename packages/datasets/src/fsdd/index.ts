export * from './wav.js';
export * from './stft.js';
export * from './fsdd.js';
