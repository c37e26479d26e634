// A thin layer over node:util parseArgs: one declarative table per command drives both the parser and the
// `--help` text, so the two cannot disagree.
import { parseArgs } from 'node:util';
import { CliUsageError } from './usage-error.js';

/**
 * One `--option` of a command.
 *
 * @example
 * ```ts
 * import type { OptionSpec } from '@ratedistortion/cli';
 * const seed: OptionSpec = { type: 'string', value: 'S', description: 'random seed (default 0)' };
 * ```
 */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** Placeholder shown in the help text for string options, e.g. `N`. */
  readonly value?: string;
  readonly description: string;
  /** A one-letter alias, e.g. `o` for `-o FILE`. */
  readonly short?: string;
  /**
   * The option this one is a former name of (e.g. `batch-size` for `--batch`): its value is read as that option's
   * and giving both is refused. The help lists it after its description as deprecated.
   */
  readonly aliasOf?: string;
}

/**
 * The declarative description of a sub-command: its name, a one-line summary, usage lines, options and
 * example invocations (all shown by `rd <command> --help`).
 *
 * @example
 * ```ts
 * import type { CommandSpec } from '@ratedistortion/cli';
 * const spec: CommandSpec = {
 *   name: 'hello', summary: 'say hello', usage: ['rd hello'], options: {}, examples: ['rd hello'],
 * };
 * ```
 */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly usage: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly examples: readonly string[];
  /** Extra paragraphs printed after the options. */
  readonly notes?: readonly string[];
  /** Bare words the command takes (e.g. file names); without this, any bare word is a usage error. */
  readonly positionals?: { readonly value: string; readonly description: string };
}

/**
 * Parsed option values: strings for string options, booleans for flags, absent when not given. For commands
 * that declare `positionals`, the bare words are under the key `_` (as a string array).
 *
 * @example
 * ```ts
 * import type { ParsedOptions } from '@ratedistortion/cli';
 * const o: ParsedOptions = { eps: '0.1', json: true, _: ['result.json'] };
 * ```
 */
export type ParsedOptions = Record<string, string | boolean | string[] | undefined>;

/**
 * Options every command accepts.
 *
 * @example
 * ```ts
 * import { COMMON_OPTIONS } from '@ratedistortion/cli/args';
 * for (const [name, spec] of Object.entries(COMMON_OPTIONS)) console.log(`--${name}: ${spec.description}`);
 * ```
 */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', description: 'show this help' },
  debug: { type: 'boolean', description: 'print the stack trace of an error' },
};

/**
 * Parse `argv` (the words after the command name) against a command's options. Unknown options,
 * positional words and missing values become a {@link CliUsageError} naming the command.
 *
 * @example
 * ```ts
 * import { parseCommandOptions } from '@ratedistortion/cli';
 * const spec = { name: 'x', summary: '', usage: [], examples: [], options: { n: { type: 'string', description: 'count' } } } as const;
 * console.log(parseCommandOptions(spec, ['--n', '3']).n); // '3'
 * ```
 */
export function parseCommandOptions(spec: CommandSpec, argv: readonly string[]): ParsedOptions {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, o] of Object.entries({ ...COMMON_OPTIONS, ...spec.options }))
    options[name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  // parseArgs refuses `--x -3:3:13` as ambiguous; a value that starts like a negative number is clearly meant
  // as the option's value, so glue it on as `--x=-3:3:13`.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([^=]+)$/.exec(argv[i]);
    if (m && options[m[1]]?.type === 'string' && i + 1 < argv.length && /^-(\d|\.\d)/.test(argv[i + 1])) {
      args.push(`${argv[i]}=${argv[i + 1]}`);
      i++;
    } else {
      args.push(argv[i]);
    }
  }
  try {
    const { values, positionals, tokens } = parseArgs({
      args,
      options,
      strict: true,
      allowPositionals: spec.positionals !== undefined,
      tokens: true,
    });
    // An option given twice would silently keep the last value: refuse it.
    const seen = new Set<string>();
    for (const t of tokens) {
      if (t.kind !== 'option') continue;
      if (seen.has(t.name))
        throw new CliUsageError(
          `--${t.name} given more than once (give it once${options[t.name].type === 'string' ? ', e.g. a comma list' : ''})`,
          spec.name,
        );
      seen.add(t.name);
    }
    const parsed = values as ParsedOptions;
    for (const [name, o] of Object.entries(spec.options)) {
      if (o.aliasOf === undefined || parsed[name] === undefined) continue;
      if (parsed[o.aliasOf] !== undefined)
        throw new CliUsageError(`--${name} is the former name of --${o.aliasOf}: give one of them`, spec.name);
      parsed[o.aliasOf] = parsed[name];
      delete parsed[name];
    }
    if (spec.positionals !== undefined) parsed._ = positionals;
    return parsed;
  } catch (e) {
    if (e instanceof CliUsageError) throw e;
    // parseArgs' messages span lines; the CLI prints exactly one line.
    const msg = e instanceof Error ? e.message.replace(/\s*\n\s*/g, ' ') : String(e);
    throw new CliUsageError(msg, spec.name);
  }
}

/**
 * The `rd <command> --help` text of a command.
 *
 * @example
 * ```ts
 * import { formatCommandHelp, COMMANDS } from '@ratedistortion/cli';
 * console.log(formatCommandHelp(COMMANDS[0].spec));
 * ```
 */
export function formatCommandHelp(spec: CommandSpec): string {
  const all = { ...spec.options, ...COMMON_OPTIONS };
  const left = Object.entries(all).map(
    ([name, o]) => `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`,
  );
  const width = Math.max(...left.map((l) => l.length)) + 2;
  const lines = [
    `rd ${spec.name} — ${spec.summary}`,
    '',
    'Usage:',
    ...spec.usage.map((u) => `  ${u}`),
    '',
    ...(spec.positionals
      ? ['Arguments:', `  ${spec.positionals.value.padEnd(width)}${spec.positionals.description}`, '']
      : []),
    'Options:',
    ...Object.values(all).map(
      (o, i) =>
        `  ${left[i].padEnd(width)}${o.description}${o.aliasOf !== undefined ? ` (deprecated: former name of --${o.aliasOf})` : ''}`,
    ),
  ];
  if (spec.notes?.length) lines.push('', ...spec.notes);
  lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return lines.join('\n') + '\n';
}
