export * from './dataset-file-error.js';
