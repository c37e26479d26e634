export * from './cifar-images.js';
export * from './cifar-patches.js';
