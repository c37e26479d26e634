export * from './source-from-spec.js';
