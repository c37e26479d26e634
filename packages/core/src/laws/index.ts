export * from './law.js';
export * from './gaussian-components.js';
export * from './gaussian-mixture-law.js';
export * from './sinc4-mixture-law.js';
export * from './laplace-law.js';
export * from './uniform-law.js';
export { productDim } from './product-law-fields.js';
export * from './grid-density-law.js';
export * from './law-from-spec.js';
