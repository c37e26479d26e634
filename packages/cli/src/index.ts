/**
 * @packageDocumentation
 * The `rd` command line of ratedistortion, also usable in-process: {@link runCli} takes the words after `rd`
 * and an io object and returns the exit code. Rates in nats, distortion `D = ½E‖X−X̂‖²`, `eps = 1/β`.
 */
export * from './args/index.js';
export * from './io/index.js';
export * from './commands/index.js';
export * from './run/index.js';
export * from './plot/index.js';
export * from './progress/index.js';
export * from './bench/index.js';
export * from './shard/index.js';
export * from './reproduce/index.js';
