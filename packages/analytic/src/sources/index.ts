export * from './analytic-source.js';
