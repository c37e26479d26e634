// Runs the `@example` blocks of one package as vitest cases: each block is written to
// `.tsdoc-examples/<pid>/<pkg>/` (gitignored) as a module and imported, so `@ratedistortion/*` imports resolve to
// the sources through the repo project's aliases, exactly as a user's program resolves the published packages.
// Console output is captured and shown only when a case fails. The examples run with a fresh temporary folder as
// their working directory, so an example that writes `rd.json` or a plot leaves nothing in the repository.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tf } from '@ratedistortion/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, it, vi } from 'vitest';
import { extractExamples, librarySourceFiles, type TsdocExample } from './extract.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Folder for this process's generated modules: `.tsdoc-examples/<pid>/` (gitignored), so two test runs at once
 * (two engineers, or CI and a local run) never overwrite each other's files. Removed again by {@link removeScratch}.
 */
export const scratchRoot = `${repoRoot}.tsdoc-examples/${process.pid}`;

/** Deletes this process's scratch folder. */
export function removeScratch(): void {
  rmSync(scratchRoot, { recursive: true, force: true });
}

/** File name of an example module: the source path and symbol, made filesystem-safe. */
export function exampleFileName(e: TsdocExample): string {
  const base = `${e.file.replace(/^packages\/[^/]+\/src\//, '').replace(/\.ts$/, '')}__${e.symbol}`;
  return `${base.replace(/[^A-Za-z0-9_.-]+/g, '_')}.ts`;
}

/** Writes the examples of `pkg` under `<scratchRoot>/<pkg>/` and returns them with their module paths. */
export function writeExamples(pkg: string): { example: TsdocExample; path: string }[] {
  const dir = `${scratchRoot}/${pkg}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const examples = extractExamples(repoRoot, librarySourceFiles(repoRoot, [pkg]));
  const names = new Set<string>();
  return examples.map((example) => {
    const name = exampleFileName(example);
    if (names.has(name)) throw new Error(`two examples map to ${name}`);
    names.add(name);
    const path = `${dir}/${name}`;
    // `export {}` keeps a block without imports a module; the trailer points back at the source.
    writeFileSync(path, `${example.code}\nexport {};\n// ${example.file}:${example.line} (${example.symbol})\n`);
    return { example, path };
  });
}

/** One test case per `@example` block of `pkg`, named `<file>:<symbol>`. */
export function describeExamples(pkg: string, opts: { timeoutMs?: number } = {}): void {
  const cases = writeExamples(pkg);
  describe(`@example blocks of @ratedistortion/${pkg}`, () => {
    let output: string[] = [];
    // vitest runs this file in a forked process (pool 'forks'), where process.chdir is allowed.
    const home = process.cwd();
    let cwd = '';
    beforeAll(() => {
      cwd = mkdtempSync(join(tmpdir(), `rd-examples-${pkg}-`));
      process.chdir(cwd);
    });
    afterAll(() => {
      process.chdir(home);
      rmSync(cwd, { recursive: true, force: true });
      removeScratch();
    });
    beforeEach(() => {
      output = [];
      for (const level of ['log', 'info', 'warn', 'error', 'debug', 'table'] as const) {
        vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
          output.push(`[${level}] ${args.map((a) => (typeof a === 'string' ? a : safeString(a))).join(' ')}`);
        });
      }
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
        output.push(`[stdout] ${String(chunk)}`);
        return true;
      });
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
        output.push(`[stderr] ${String(chunk)}`);
        return true;
      });
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });
    it('has examples', ({ expect }) => {
      expect(cases.length).toBeGreaterThan(0);
    });

    for (const { example, path } of cases) {
      it(
        `${example.file}:${example.symbol}`,
        async () => {
          const tensorsBefore = tf.memory().numTensors;
          try {
            await import(pathToFileURL(path).href);
            const leaked = tf.memory().numTensors - tensorsBefore;
            if (leaked > 0) throw new Error(`leaves ${leaked} tensor(s) undisposed`);
          } catch (err) {
            const e = err instanceof Error ? err : new Error(String(err));
            e.message = `${example.file}:${example.line} (${example.symbol}): ${e.message}\n--- example ---\n${example.code}\n--- output ---\n${output.join('\n')}`;
            throw e;
          }
        },
        opts.timeoutMs ?? 60_000,
      );
    }
  });
}

function safeString(a: unknown): string {
  try {
    return typeof a === 'object' ? JSON.stringify(a) : String(a);
  } catch {
    return String(a);
  }
}
