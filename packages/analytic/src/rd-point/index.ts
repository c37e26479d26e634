export * from './rd-point.js';
export * from './ba-reference.js';
export * from './rd-at-target.js';
