export * from './cli-io.js';
export * from './csv.js';
export * from './format.js';
export * from './source.js';
export * from './output-path.js';
