// The TEC objective (Eq. 14) as a training loss and the Eq. (24) rate/distortion read-out.
export * from './energy.js';
export * from './noise-control-cost.js';
export * from './loss.js';
export * from './readout.js';
export * from './gaussian-chain.js';
export * from './linear-chain-moments.js';
