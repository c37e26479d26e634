export * from './machine.js';
export * from './write-result.js';
