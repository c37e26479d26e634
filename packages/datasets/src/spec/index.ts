export * from './specs.js';
export * from './fields.js';
export * from './parse-source-spec.js';
export * from './source-kinds.js';
