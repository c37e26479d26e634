// Every `@example` block type-checks against the public API, with the repository's compiler options (strict).
// Running a block (tests/tsdoc-examples-*.test.ts) strips its types, so a type-only example such as
// `const o: R2D2Options = { … }` would otherwise check nothing: a renamed option or a wrong field type in it is
// caught here.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { extractExamples, librarySourceFiles } from './tsdoc/extract.js';
import { exampleFileName, repoRoot } from './tsdoc/run-examples.js';

/** Type errors of `files` (name → code), each as `name:line: message`, checked with the options of `tsconfig`. */
export function typeErrors(files: ReadonlyMap<string, string>, dir: string, tsconfig: string): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const paths = new Map<string, string>();
  for (const [name, code] of files) {
    const path = `${dir}/${name}`;
    writeFileSync(path, `${code}\nexport {};\n`);
    paths.set(path, name);
  }
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repoRoot);
  const program = ts.createProgram({ rootNames: [...paths.keys()], options: { ...parsed.options, noEmit: true } });
  const out: string[] = [];
  for (const sf of program.getSourceFiles()) {
    const name = paths.get(sf.fileName);
    if (name === undefined) continue;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line + 1;
      out.push(`${name}:${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    }
  }
  return out;
}

describe('@example blocks type-check', () => {
  it('reports a type error in a block (fixture)', () => {
    const errors = typeErrors(
      new Map([
        ['good.ts', "import { Random } from '@ratedistortion/core';\nconst x: number = new Random(1).uniform();"],
        ['bad.ts', "import type { R2D2Options } from '@ratedistortion/estimators';\nconst o: R2D2Options = { epsMin: 0.1, epsMax: 'x' };"],
      ]),
      `${repoRoot}.tsdoc-examples/typecheck-fixture`,
      `${repoRoot}tsconfig.json`,
    );
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/^bad\.ts:2: Type 'string' is not assignable to type 'number'/);
  });

  it('every block of packages/*/src compiles against the public API', () => {
    const files = new Map<string, string>();
    for (const e of extractExamples(repoRoot, librarySourceFiles(repoRoot))) files.set(`${e.pkg}__${exampleFileName(e)}`, e.code);
    expect(files.size).toBeGreaterThan(500);
    expect(typeErrors(files, `${repoRoot}.tsdoc-examples/typecheck`, `${repoRoot}tsconfig.json`)).toEqual([]);
  });
});
