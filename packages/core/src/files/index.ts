export * from './file-write-error.js';
export * from './write-file-atomic.js';
export * from './assert-writable-file.js';
export * from './sha256.js';
export * from './canonical-json.js';
