export * from './samples.js';
export * from './sample-source.js';
