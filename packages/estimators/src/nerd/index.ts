export * from './config.js';
export * from './dual-loss.js';
export * from './readout.js';
export * from './checkpoint.js';
export * from './nerd.js';
export * from './curve.js';
