export * from './file-access.js';
