// The whole `rd` program as a function, so tests run it in-process. Every failure ends as one line on stderr
// with the fix and an exit code: 2 for usage and input errors (the user can correct the call), 1 for runtime
// failures (numerical trouble, a backend that cannot load, a bug), 130 (the shell's 128 + SIGINT) for a training
// run stopped by Ctrl-C after writing its checkpoint (143, 128 + SIGTERM, when a scheduler's SIGTERM stopped it), so
// that scripts can tell "resume me" from "broken".
// `--debug` adds the stack trace.
import { InvalidParameterError } from '@ratedistortion/core';
import { formatCommandHelp, parseCommandOptions } from '../args/options.js';
import { CliUsageError } from '../args/usage-error.js';
import { COMMANDS } from '../commands/registry.js';
import { processIo, type CliIo } from '../io/cli-io.js';
import { VERSION } from './version.js';

/**
 * Exit codes of `rd`.
 *
 * @example
 * ```ts
 * import { EXIT, runCli } from '@ratedistortion/cli';
 * const code = await runCli(['analytic', '--source', '{"kind":"gaussian","variance":1}', '--eps', '0.5']);
 * console.log(code === EXIT.ok); // true
 * ```
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130, terminated: 143 } as const;

/**
 * The top-level `rd --help` text.
 *
 * @example
 * ```ts
 * import { topLevelHelp } from '@ratedistortion/cli/run';
 * console.log(topLevelHelp());
 * ```
 */
export function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length)) + 2;
  return [
    `rd ${VERSION} — rate–distortion functions of continuous sources under squared error`,
    '',
    'Usage: rd <command> [options]        (rd <command> --help for its options)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}${c.spec.summary}`),
    '',
    'Options:',
    '  --help       show this help',
    '  --version    print the version',
    '  --debug      print stack traces of errors',
    '',
    'Conventions: rates in nats, distortion D = ½E‖X−X̂‖² (half the squared error), eps = 1/β.',
    '',
  ].join('\n');
}

/**
 * Run the `rd` command line in-process and return its exit code (0 ok, 1 runtime failure, 2 usage error,
 * 130 training interrupted by Ctrl-C with its checkpoint written, 143 the same after SIGTERM).
 * Output goes to `io` (default: the process streams); errors become one line on `io.stderr`.
 *
 * @param argv - the words after `rd`, e.g. `['analytic', '--source', '{"kind":"gaussian","variance":1}', '--eps', '0.1']`.
 * @example
 * ```ts
 * import { runCli } from '@ratedistortion/cli';
 * let out = '';
 * const code = await runCli(['analytic', '--source', '{"kind":"gaussian","variance":1}', '--eps', '0.1', '--json'],
 *   { stdout: (s) => { out += s; }, stderr: (s) => { console.error(s); } });
 * console.log(code, JSON.parse(out).points[0].rate); // 0 1.151...
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const debug = argv.includes('--debug');
  const words = argv.filter((a, i) => !(a === '--debug' && i === 0));
  try {
    const [first, ...rest] = words;
    if (first === undefined) {
      io.stderr(topLevelHelp());
      return EXIT.usage;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      if (first === 'help' && rest.length > 0) {
        const cmd = findCommand(rest[0]);
        io.stdout(formatCommandHelp(cmd.spec));
      } else {
        io.stdout(topLevelHelp());
      }
      return EXIT.ok;
    }
    if (first === '--version' || first === '-v' || first === '-V') {
      io.stdout(`${VERSION}\n`);
      return EXIT.ok;
    }
    const cmd = findCommand(first);
    const options = parseCommandOptions(cmd.spec, rest);
    if (options.help) {
      io.stdout(formatCommandHelp(cmd.spec));
      return EXIT.ok;
    }
    await cmd.run(options, io);
    return EXIT.ok;
  } catch (e) {
    return reportError(e, io, debug);
  }
}

function findCommand(name: string) {
  const cmd = COMMANDS.find((c) => c.spec.name === name);
  if (cmd) return cmd;
  const known = COMMANDS.map((c) => c.spec.name).join(', ');
  const what = name.startsWith('-') ? `unknown option '${name}' before a command` : `unknown command '${name}'`;
  throw new CliUsageError(`${what} (commands: ${known})`);
}

function reportError(e: unknown, io: CliIo, debug: boolean): number {
  // A missing or unreadable data file named in a SPEC is the user's to fix, like a bad parameter.
  const usage =
    e instanceof CliUsageError ||
    e instanceof InvalidParameterError ||
    (e as { code?: unknown } | null)?.code === 'DATASET_FILE';
  let line: string;
  if (e instanceof Error) {
    const oneLine = e.message.replace(/\s*\n\s*/g, ' ').trim();
    // Library errors carry their own fix; anything else is unexpected, so say how to get details.
    const known = usage || (e as { code?: unknown }).code !== undefined;
    line = known ? oneLine : `${e.name}: ${oneLine}${debug ? '' : ' (rerun with --debug for the stack trace)'}`;
  } else {
    line = String(e);
  }
  io.stderr(`rd: ${line}\n`);
  if (debug && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  if (usage) return EXIT.usage;
  if ((e as { code?: unknown } | null)?.code !== 'INTERRUPTED') return EXIT.failure;
  return (e as { signal?: unknown }).signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
}
