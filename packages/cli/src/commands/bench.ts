// `rd bench`: the repository's benchmarks. Their tooling (the CI profile, the registry of benchmark scripts, the
// result writer) is the private workspace package @ratedistortion/benchmarks under benchmarks/, which is not
// published: this command finds it in the checkout that contains the current directory and hands over to it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RateDistortionError } from '@ratedistortion/core';
import type { ParsedOptions } from '../args/options.js';
import type { CliIo } from '../io/cli-io.js';
import type { Command } from './command.js';

/** What the CLI uses of @ratedistortion/benchmarks. */
interface BenchmarksPackage {
  runBenchCommand(options: ParsedOptions, io: CliIo): Promise<void>;
}

/**
 * `rd bench` outside a ratedistortion checkout (exit code 1): the benchmarks are scripts of the repository.
 *
 * @example
 * ```ts
 * import { NoCheckoutError } from '@ratedistortion/cli';
 * console.log(new NoCheckoutError('/tmp').code); // NO_CHECKOUT
 * ```
 */
export class NoCheckoutError extends RateDistortionError {
  constructor(cwd: string) {
    super(
      'NO_CHECKOUT',
      `rd bench runs the benchmarks of a ratedistortion checkout and none contains ${cwd}: clone the repository, run 'pnpm install' in it and run 'pnpm rd bench' there`,
    );
  }
}

/** The folder above `start` (or `start`) whose benchmarks/package.json is @ratedistortion/benchmarks. */
function checkoutOf(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const manifest = join(dir, 'benchmarks', 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === '@ratedistortion/benchmarks')
          return dir;
      } catch {
        // not ours: keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Imports the checkout's benchmarks/src/index.ts: directly when the CLI itself runs from TypeScript sources (tsx,
 * vitest), otherwise through the checkout's own tsx.
 */
async function loadBenchmarks(root: string): Promise<BenchmarksPackage> {
  const entry = join(root, 'benchmarks', 'src', 'index.ts');
  try {
    return (await import(pathToFileURL(entry).href)) as BenchmarksPackage;
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
  }
  let api: string;
  try {
    api = createRequire(join(root, 'package.json')).resolve('tsx/esm/api');
  } catch {
    throw new RateDistortionError(
      'NO_CHECKOUT',
      `rd bench needs the checkout's dependencies (tsx is not installed in ${root}): run 'pnpm install' there`,
    );
  }
  const { tsImport } = (await import(pathToFileURL(api).href)) as {
    tsImport: (path: string, parent: string) => Promise<unknown>;
  };
  return (await tsImport(pathToFileURL(entry).href, import.meta.url)) as BenchmarksPackage;
}

/**
 * `rd bench`: the repository's benchmarks, inside a checkout only. Without arguments it lists the profiles and
 * the named benchmarks; `--profile ci` runs the CI profile in-process, prints a table, writes
 * `<out>/ci-<group>.json` and exits 1 when a measurement misses its threshold; `NAME [-- FLAGS]` runs the
 * benchmark script NAME. Outside a checkout it fails with one line saying what it needs ({@link NoCheckoutError}).
 *
 * @example
 * ```ts
 * import { runCli } from '@ratedistortion/cli';
 * let err = '';
 * const code = await runCli(['bench'], { stdout: () => {}, stderr: (s) => { err += s; }, cwd: '/' });
 * console.log(code, err); // 1 rd: rd bench runs the benchmarks of a ratedistortion checkout and none contains / ...
 * ```
 */
export const benchCommand: Command = {
  spec: {
    name: 'bench',
    summary: 'run the CI benchmark profile or a named benchmark (inside a checkout of the repository)',
    usage: [
      'rd bench                                   list the profiles and the named benchmarks',
      'rd bench --profile ci [--group G[,G]] [--json] [--out DIR]',
      'rd bench NAME [-- FLAGS...]                run benchmarks/<script> of a checkout with FLAGS',
    ],
    options: {
      profile: { type: 'string', value: 'NAME', description: "run a profile's checks in-process (ci)" },
      group: {
        type: 'string',
        value: 'G[,G]',
        description: 'run only these groups of the profile (ci: analytic, estimators)',
      },
      json: {
        type: 'boolean',
        description:
          'print the profile run as JSON: {"profile","pass","seconds","groups":[{"group","file","results":[...]}],"failures"}',
      },
      out: {
        type: 'string',
        value: 'DIR',
        description:
          'folder of the result files <profile>-<group>.json (default benchmarks/results, relative to the current directory)',
      },
    },
    positionals: {
      value: 'NAME [-- FLAGS]',
      description: "a named benchmark ('rd bench' lists them); its own flags go after --",
    },
    notes: [
      'The benchmarks and their tooling live in the repository (benchmarks/, a private workspace package), not in the',
      'published CLI: rd bench works inside a checkout with its dependencies installed (pnpm install).',
      'A profile run prints one line per check on stderr, then a table of every measurement (reference, value, error,',
      'threshold); it exits 1 when any measurement misses its threshold, with one FAIL line per miss saying by how much.',
      'Each result file carries the machine description (CPU, cores, load, Node, backend).',
    ],
    examples: [
      'rd bench',
      'rd bench --profile ci',
      'rd bench --profile ci --group analytic --out /tmp/bench',
      'rd bench r2d2-gmm -- --mixture 2 --steps 500',
    ],
  },
  async run(options: ParsedOptions, io: CliIo) {
    const cwd = io.cwd ?? process.cwd();
    const root = checkoutOf(cwd);
    if (root === undefined) throw new NoCheckoutError(cwd);
    const benchmarks = await loadBenchmarks(root);
    await benchmarks.runBenchCommand(options, io);
  },
};
