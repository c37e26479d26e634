// Rewrites each package's "exports" map (and the matching "typesVersions" for TypeScript's node10
// resolution) from its concept folders so that the subpath exports, the tsup entries and the typedoc entry
// points can never drift apart. `--check` fails instead.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGES, exportsOf, typesVersionsOf } from './packages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const name of PACKAGES) {
  const dir = join(root, 'packages', name);
  const file = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  const want = exportsOf(dir);
  const wantTypes = typesVersionsOf(dir);
  if (
    JSON.stringify(pkg.exports) === JSON.stringify(want) &&
    JSON.stringify(pkg.typesVersions) === JSON.stringify(wantTypes)
  )
    continue;
  stale++;
  if (check) {
    console.error(
      `packages/${name}/package.json: exports map or typesVersions is stale (run node scripts/sync-exports.mjs)`,
    );
    continue;
  }
  pkg.exports = want;
  pkg.typesVersions = wantTypes;
  writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
  console.log(`packages/${name}: exports updated`);
}
if (check && stale) process.exit(1);
