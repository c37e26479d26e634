export * from './shannon-lower-bound.js';
