export * from './analytic-source.js';
export * from './paper-mixture.js';
