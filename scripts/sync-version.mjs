// Writes the version of packages/cli/package.json into packages/cli/src/run/version.ts (`rd --version`), after
// `changeset version` has bumped the packages (`pnpm version-packages` runs both). run-cli.test.ts checks the two agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8'));
const file = join(root, 'packages/cli/src/run/version.ts');
const text = readFileSync(file, 'utf8');
const next = text.replace(/export const VERSION = '[^']*';/, `export const VERSION = '${version}';`);
if (!next.includes(`'${version}'`)) throw new Error(`${file}: no \`export const VERSION = '…';\` line`);
if (next !== text) writeFileSync(file, next);
console.log(`rd --version: ${version}`);
