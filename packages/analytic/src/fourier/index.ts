export * from './characteristic-function.js';
export * from './bhe-fourier.js';
export * from './bhe-validity.js';
