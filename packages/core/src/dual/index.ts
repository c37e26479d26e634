export * from './tilted-readout.js';
