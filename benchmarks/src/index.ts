// @ratedistortion/benchmarks: the repository's benchmark tooling (private, never published): the CI profile, the
// registry of benchmark scripts, the result writer with the machine description, and what `rd bench` runs.
export * from './machine.js';
export * from './write-result.js';
export * from './bench-check.js';
export * from './bench-profile.js';
export * from './analytic-checks.js';
export * from './estimator-checks.js';
export * from './speed-checks.js';
export * from './ci-profile.js';
export * from './repository-benchmarks.js';
export * from './repository-root.js';
export * from './benchmark-process.js';
export * from './bench-command.js';
