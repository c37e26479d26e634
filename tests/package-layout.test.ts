// The package layout contract: subpath exports = concept folders (scripts/sync-exports.mjs), every concept
// folder has an index.ts, and the CLI package ships its `rd` executable.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const packages = ['core', 'analytic', 'datasets', 'estimators', 'cli'];

describe('package layout', () => {
  it("every package's exports map matches its concept folders (sync-exports --check)", () => {
    let output = '';
    let status = 0;
    try {
      output = execFileSync(process.execPath, [join(root, 'scripts/sync-exports.mjs'), '--check'], {
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (e) {
      const err = e as { status: number; stderr: string };
      status = err.status;
      output = err.stderr;
    }
    expect(output, 'run `node scripts/sync-exports.mjs` to update the exports maps').toBe('');
    expect(status).toBe(0);
  });

  // `internal/` (private helpers, deliberately not a public subpath) and `fixtures/` (test data) are the exceptions.
  it('every top-level source folder holding TypeScript is a concept folder with an index.ts', () => {
    const missing: string[] = [];
    for (const pkg of packages) {
      const src = join(root, 'packages', pkg, 'src');
      if (!existsSync(src)) continue;
      for (const name of readdirSync(src)) {
        const dir = join(src, name);
        if (name.startsWith('.') || name === 'internal' || name === 'fixtures' || !statSync(dir).isDirectory())
          continue;
        const hasTs = readdirSync(dir).some((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
        if (hasTs && !existsSync(join(dir, 'index.ts'))) missing.push(`packages/${pkg}/src/${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the cli package declares the rd executable and its source keeps the node shebang', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ rd: './dist/bin.js' });
    expect(readFileSync(join(root, 'packages/cli/src/bin.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('every package is publish-ready: README.md and the root LICENSE in its files, public access, one version, ^ ranges on its siblings', () => {
    const license = readFileSync(join(root, 'LICENSE'), 'utf8');
    const versions = new Set<string>();
    for (const pkg of packages) {
      const dir = join(root, 'packages', pkg);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      versions.add(manifest.version);
      expect(manifest.license, pkg).toBe('MIT');
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8'), `packages/${pkg}/LICENSE must equal the root LICENSE`).toBe(
        license,
      );
      expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(new RegExp(`^# @ratedistortion/${pkg}\\n`));
      expect(manifest.files, pkg).toEqual(expect.arrayContaining(['dist', 'README.md', 'LICENSE']));
      expect(manifest.publishConfig, pkg).toEqual({ access: 'public' });
      for (const [name, range] of Object.entries<string>(manifest.dependencies ?? {})) {
        // `workspace:^` packs as `^<version>`: the packages install together and accept later compatible releases.
        if (name.startsWith('@ratedistortion/')) expect(range, `${pkg} → ${name}`).toBe('workspace:^');
      }
    }
    expect([...versions]).toHaveLength(1);
  });
});
