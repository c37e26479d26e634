export * from './ba-functional.js';
export * from './config.js';
export * from './wgd.js';
export * from './curve.js';
