// Every `@example` block type-checks against the public API, with the repository's compiler options (strict).
// Running a block (tests/tsdoc-examples-*.test.ts) strips its types, so a type-only example such as
// `const o: R2D2Options = { … }` would otherwise check nothing: a renamed option or a wrong field type in it is
// caught here.
import { afterAll, describe, expect, it } from 'vitest';
import { extractExamples, librarySourceFiles } from './tsdoc/extract.js';
import { exampleFileName, removeScratch, repoRoot, scratchRoot } from './tsdoc/run-examples.js';
import { typeErrors } from './tsdoc/typecheck.js';

describe('@example blocks type-check', () => {
  afterAll(removeScratch);

  it('reports a type error in a block (fixture)', () => {
    const errors = typeErrors(
      new Map([
        ['good.ts', "import { Random } from '@ratedistortion/core';\nconst x: number = new Random(1).uniform();"],
        [
          'bad.ts',
          "import type { R2D2Options } from '@ratedistortion/estimators';\nconst o: R2D2Options = { epsMin: 0.1, epsMax: 'x' };",
        ],
      ]),
      `${scratchRoot}/typecheck-fixture`,
      `${repoRoot}tsconfig.json`,
    );
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/^bad\.ts:2: Type 'string' is not assignable to type 'number'/);
  });

  it('every block of packages/*/src compiles against the public API', () => {
    const files = new Map<string, string>();
    for (const e of extractExamples(repoRoot, librarySourceFiles(repoRoot)))
      files.set(`${e.pkg}__${exampleFileName(e)}`, e.code);
    expect(files.size).toBeGreaterThan(500);
    expect(typeErrors(files, `${scratchRoot}/typecheck`, `${repoRoot}tsconfig.json`)).toEqual([]);
  });
});
