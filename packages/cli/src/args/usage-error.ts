// Mistakes in the command line itself (unknown option, missing value, malformed number). They map to exit
// code 2, like the typed parameter errors of the library, and their message already says how to fix the call.
import { RateDistortionError } from '@ratedistortion/core';

/**
 * A malformed `rd` command line or an unusable input it names (a missing file, a bad SPEC). The message ends
 * with the fix: by default "Run 'rd <command> --help'", or the `fix` sentence given.
 *
 * @example
 * ```ts
 * import { CliUsageError } from '@ratedistortion/cli';
 * const e = new CliUsageError("missing --eps or --eps-range", 'analytic');
 * console.log(e.message); // missing --eps or --eps-range. Run 'rd analytic --help'.
 * ```
 */
export class CliUsageError extends RateDistortionError {
  /** The sub-command being parsed, or undefined at the top level. */
  readonly command: string | undefined;
  constructor(problem: string, command?: string, fix?: string) {
    const where = command ? `rd ${command} --help` : 'rd --help';
    super('USAGE', `${problem.replace(/\.$/, '')}. ${fix ?? `Run '${where}'.`}`);
    this.command = command;
  }
}
