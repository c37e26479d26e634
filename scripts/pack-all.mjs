// Packs the five packages into ./packed/ (`pnpm pack:all`, after `pnpm build`): the tarballs the README's Install
// section installs with `npm install ./packed/*.tgz`. pnpm pack turns the `workspace:^` ranges into `^<version>`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGES } from './packages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'packed');
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
// Run the pnpm that runs this script (npm_execpath: a JavaScript file, or pnpm's own executable), or pnpm from PATH.
const execPath = process.env.npm_execpath;
const pnpm = !execPath ? ['pnpm'] : /\.[cm]?js$/.test(execPath) ? [process.execPath, execPath] : [execPath];
for (const name of PACKAGES) {
  execFileSync(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', out], {
    cwd: join(root, 'packages', name),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
for (const f of readdirSync(out)) console.log(join('packed', f));
