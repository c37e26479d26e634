export * from './sinc4-mixture.js';
export * from './sinc4-bhe.js';
export * from './sinc4-entropy.js';
