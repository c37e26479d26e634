// `rd sources`: the source kinds a SPEC may name, their fields and a working example of each.
import { SOURCE_KINDS } from '@ratedistortion/datasets';
import type { ParsedOptions } from '../args/options.js';
import type { CliIo } from '../io/cli-io.js';
import { formatJson } from '../io/format.js';
import type { Command } from './command.js';

/**
 * `rd sources [--json]`: every source kind with its SPEC fields (name, type, required, description) and an
 * example SPEC that `rd sample --source` accepts as is.
 *
 * @example
 * ```ts
 * import { runCli } from '@ratedistortion/cli';
 * await runCli(['sources', '--json']);
 * ```
 */
export const sourcesCommand: Command = {
  spec: {
    name: 'sources',
    summary: 'list the source kinds with their SPEC fields and an example of each',
    usage: ['rd sources [--json]'],
    options: {
      json: { type: 'boolean', description: 'print the list as JSON' },
    },
    notes: [
      'A SPEC is a JSON object with a "kind" and the fields below, given inline (quoted for the shell) or as a file path.',
    ],
    examples: ['rd sources', 'rd sources --json'],
  },
  run(options: ParsedOptions, io: CliIo) {
    if (options.json) {
      io.stdout(formatJson(SOURCE_KINDS));
      return;
    }
    const blocks = SOURCE_KINDS.map((k) => {
      const width = Math.max(...k.fields.map((f) => f.name.length));
      const fields = k.fields.map(
        (f) => `    ${f.name.padEnd(width)}  ${f.type}${f.required ? ', required' : ''} — ${f.description}`,
      );
      return [`${k.kind} — ${k.description}`, '  fields:', ...fields, `  example: ${JSON.stringify(k.example)}`].join(
        '\n',
      );
    });
    io.stdout(blocks.join('\n\n') + '\n');
  },
};
