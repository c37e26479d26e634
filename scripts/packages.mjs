// One source of truth for the package layout: which entry points each package has.
// Entry points are `src/index.ts` plus every concept folder `src/<concept>/index.ts`
// (exported as the subpath `@ratedistortion/<pkg>/<concept>`), and `src/bin.ts` for the CLI.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PACKAGES = ['core', 'analytic', 'datasets', 'estimators', 'cli'];

/** Concept folders of a package (those with an index.ts), sorted. */
export function conceptsOf(pkgDir) {
  const src = join(pkgDir, 'src');
  if (!existsSync(src)) return [];
  return readdirSync(src)
    .filter((name) => statSync(join(src, name)).isDirectory() && existsSync(join(src, name, 'index.ts')))
    .sort();
}

/** tsup entry map { 'index': 'src/index.ts', 'sde/index': 'src/sde/index.ts', ... }. */
export function entriesOf(pkgDir) {
  const entries = { index: 'src/index.ts' };
  for (const c of conceptsOf(pkgDir)) entries[`${c}/index`] = `src/${c}/index.ts`;
  if (existsSync(join(pkgDir, 'src', 'bin.ts'))) entries.bin = 'src/bin.ts';
  return entries;
}

/** package.json "exports" map, `types` first in each condition. */
export function exportsOf(pkgDir) {
  const one = (base) => ({
    import: { types: `./dist/${base}.d.ts`, default: `./dist/${base}.js` },
    require: { types: `./dist/${base}.d.cts`, default: `./dist/${base}.cjs` },
  });
  const exp = { '.': one('index') };
  for (const c of conceptsOf(pkgDir)) exp[`./${c}`] = one(`${c}/index`);
  exp['./package.json'] = './package.json';
  return exp;
}

/**
 * package.json "typesVersions": the same subpaths for TypeScript's legacy `node10` resolution (moduleResolution
 * "node"), which ignores "exports"; without it `@ratedistortion/<pkg>/<concept>` has no types there.
 */
export function typesVersionsOf(pkgDir) {
  const map = {};
  for (const c of conceptsOf(pkgDir)) map[c] = [`./dist/${c}/index.d.ts`];
  return { '*': map };
}
