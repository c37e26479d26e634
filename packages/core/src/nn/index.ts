export * from './mlp.js';
