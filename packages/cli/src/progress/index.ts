export * from './format-progress.js';
export * from './progress-reporter.js';
export * from './interrupt.js';
