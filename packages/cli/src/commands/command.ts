// The shape every sub-command has: its declarative spec (options, usage, help text) and a run function.
import type { CommandSpec, ParsedOptions } from '../args/options.js';
import type { CliIo } from '../io/cli-io.js';

/**
 * An `rd` sub-command. `run` writes its output through `io` and throws on failure (typed errors; the caller
 * turns them into one line on stderr and an exit code).
 *
 * @example
 * ```ts
 * import type { Command } from '@ratedistortion/cli';
 * const hello: Command = {
 *   spec: { name: 'hello', summary: 'print hello', usage: ['rd hello'], options: {}, examples: ['rd hello'] },
 *   run: (_opts, io) => io.stdout('hello\n'),
 * };
 * ```
 */
export interface Command {
  readonly spec: CommandSpec;
  run(options: ParsedOptions, io: CliIo): void | Promise<void>;
}

/**
 * The string value of an option, or `fallback` when it was not given.
 *
 * @example
 * ```ts
 * import { stringOption } from '@ratedistortion/cli/commands';
 * console.log(stringOption({ n: '5' }, 'n')); // '5'
 * ```
 */
export function stringOption(options: ParsedOptions, name: string): string | undefined;
export function stringOption(options: ParsedOptions, name: string, fallback: string): string;
export function stringOption(options: ParsedOptions, name: string, fallback?: string): string | undefined {
  const v = options[name];
  return typeof v === 'string' ? v : fallback;
}
