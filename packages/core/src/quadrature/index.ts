export * from './gauss-kronrod.js';
