export * from './run-cli.js';
export * from './version.js';
