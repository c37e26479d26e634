export * from './base64.js';
export * from './run-checkpoint.js';
export * from './read-checkpoint.js';
export * from './checkpoint-envelope.js';
