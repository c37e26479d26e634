export * from './blahut-arimoto.js';
