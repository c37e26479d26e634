export * from './rd-point.js';
