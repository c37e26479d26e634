// Kept in step with packages/cli/package.json by a test (reading package.json at run time would need a
// different relative path from src/ and from dist/).

/**
 * The version `rd --version` prints: the version of `@ratedistortion/cli`.
 *
 * @example
 * ```ts
 * import { VERSION } from '@ratedistortion/cli';
 * console.log(VERSION);
 * ```
 */
export const VERSION = '0.1.0';
