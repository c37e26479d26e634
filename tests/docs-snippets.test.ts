// Every ```ts block of the guides (docs/*.md and the package READMEs listed below) runs as a module, like the
// @example blocks of the API (tests/tsdoc/run-examples.ts): `@ratedistortion/*` imports resolve to the sources. One
// case per block, named `<guide>:<line>`.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { removeScratch, repoRoot, scratchRoot } from './tsdoc/run-examples.js';
import { typeErrors } from './tsdoc/typecheck.js';

/** The guides whose snippets are kept runnable (guides of other issues may show shell sessions or fragments). */
const GUIDES = [
  ...['concepts.md', 'conventions.md', 'choosing-an-estimator.md', 'datasets.md', 'backends.md'].map(
    (g) => `docs/${g}`,
  ),
  ...['core', 'analytic', 'datasets', 'estimators', 'cli'].map((p) => `packages/${p}/README.md`),
];
/** `docs/concepts.md` → `concepts`, `packages/core/README.md` → `core-README`: the scratch module's name. */
const moduleName = (guide: string) =>
  guide
    .replace(/^docs\//, '')
    .replace(/^packages\/([^/]+)\//, '$1-')
    .replace(/\.md$/, '');

/** The ```ts blocks of a Markdown text with the 1-based line of their opening fence. */
function tsBlocks(markdown: string): { line: number; code: string }[] {
  const lines = markdown.split('\n');
  const out: { line: number; code: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i]!)) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j] !== '```'; j++) body.push(lines[j]!);
    out.push({ line: i + 1, code: body.join('\n') });
    i = j;
  }
  return out;
}

const dir = `${scratchRoot}/docs`;
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

describe('```ts snippets of the guides', () => {
  afterAll(removeScratch);

  it('finds the fenced blocks of a Markdown text', () => {
    expect(tsBlocks('a\n```ts\nx();\n```\n```sh\nls\n```\n```typescript\ny();\nz();\n```')).toEqual([
      { line: 2, code: 'x();' },
      { line: 8, code: 'y();\nz();' },
    ]);
  });

  it('type-check against the public API', () => {
    const files = new Map<string, string>();
    for (const guide of GUIDES) {
      for (const b of tsBlocks(readFileSync(`${repoRoot}${guide}`, 'utf8')))
        files.set(`${moduleName(guide)}-${b.line}.ts`, b.code);
    }
    expect(typeErrors(files, `${scratchRoot}/docs-typecheck`, `${repoRoot}tsconfig.json`)).toEqual([]);
  });

  for (const guide of GUIDES) {
    for (const block of tsBlocks(readFileSync(`${repoRoot}${guide}`, 'utf8'))) {
      const path = `${dir}/${moduleName(guide)}-${block.line}.ts`;
      writeFileSync(path, `${block.code}\nexport {};\n`);
      it(`${guide}:${block.line}`, async () => {
        const log = vi.spyOn(console, 'log').mockImplementation(() => {});
        try {
          await import(pathToFileURL(path).href);
        } finally {
          log.mockRestore();
        }
      }, 60_000);
    }
  }
});
