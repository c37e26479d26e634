export * from './parse-shard.js';
export * from './sweep-units.js';
export * from './config-hash.js';
export * from './shard-file.js';
export * from './curve-units.js';
export * from './run-units.js';
export * from './curve-shard.js';
