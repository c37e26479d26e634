export * from './water-filling.js';
export * from './gaussian-bhe.js';
