// Every exported symbol of every entry point typedoc documents (packages/*/src/index.ts and the concept
// indexes) has a TSDoc comment with an `@example`; the checker and the example extractor are first proven on a
// fixture with known defects (tests/tsdoc/fixtures/pkg).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { entryPoints, exportDocProblems, programFromTsconfig } from './tsdoc/exported-docs.js';
import { examplesInComment, extractExamples } from './tsdoc/extract.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = `${root}tests/tsdoc/fixtures/pkg/src/`;

describe('the export documentation checker (fixture)', () => {
  const entries = [`${fixture}index.ts`, `${fixture}part/index.ts`];
  const program = programFromTsconfig(`${root}tsconfig.json`, entries);

  it('reports exactly the undocumented exports and those without @example', () => {
    const found = exportDocProblems(program, [`${fixture}index.ts`])
      .map((p) => `${p.name}: ${p.problem}`)
      .sort();
    expect(found).toEqual(['Undocumented: no TSDoc', 'noExample: no @example']);
  });

  it('checks public class members on request, skipping private ones', () => {
    const found = exportDocProblems(program, [`${fixture}index.ts`], { requireMemberDocs: true }).map(
      (p) => `${p.name}: ${p.problem}`,
    );
    expect(found).toContain('Box.value: no TSDoc');
    expect(found.filter((f) => f.startsWith('Box.'))).toEqual(['Box.value: no TSDoc']);
  });

  it('follows every entry it is given', () => {
    const found = exportDocProblems(program, entries).map((p) => `${p.entry.slice(fixture.length)} ${p.name}`);
    expect(found.sort()).toEqual([
      'index.ts Undocumented',
      'index.ts noExample',
      'part/index.ts Undocumented',
      'part/index.ts noExample',
    ]);
  });
});

describe('the @example extractor (fixture)', () => {
  const examples = extractExamples(root, [`${fixture}part/things.ts`]);

  it('finds the ts/typescript fences of @example sections, named by file and symbol', () => {
    expect(examples.map((e) => e.symbol)).toEqual(['good', 'Box', 'Twice', 'Twice#2', 'aliased']);
    expect(examples.every((e) => e.file === 'tests/tsdoc/fixtures/pkg/src/part/things.ts')).toBe(true);
    const good = examples[0]!;
    expect(good.code).toBe("import { good } from '@fixture/pkg';\nconsole.log(good(2)); // 4");
    expect(good.line).toBe(7); // the opening fence
    expect(examples[3]!.code).toBe('const b = 2;');
  });

  it('ignores fences outside @example and rejects an unterminated fence', () => {
    expect(examplesInComment('/**\n * Text.\n * ```ts\n * notAnExample();\n * ```\n */')).toEqual([]);
    expect(() => examplesInComment('/**\n * @example\n * ```ts\n * x();\n */')).toThrow(/unterminated/);
  });
});

describe('the library API', () => {
  it('documents every export of every entry point with TSDoc and an @example', () => {
    const entries = entryPoints(root);
    expect(entries.length).toBeGreaterThanOrEqual(5);
    const problems = exportDocProblems(programFromTsconfig(`${root}tsconfig.json`, entries), entries);
    // One line per symbol (a symbol re-exported by the package and its concept index is reported once).
    const lines = [
      ...new Set(
        problems.map((p) =>
          `${p.entry.slice(root.length)}: ${p.name} (${p.problem})`.replace(
            /src\/[a-z0-9-]+\/index\.ts/,
            'src/index.ts',
          ),
        ),
      ),
    ];
    expect(lines).toEqual([]);
  });
});
