export * from './tf.js';
