export * from './frame.js';
export * from './rd-curve-plot.js';
export * from './density-plot.js';
export * from './drift-plot.js';
export * from './optimal-drift-slices.js';
export * from './result-plot.js';
export * from './write-plot.js';
