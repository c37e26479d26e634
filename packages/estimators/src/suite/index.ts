export * from './suite-catalogue.js';
export * from './suite-reference.js';
export * from './suite-references-v1.js';
export * from './run-suite.js';
