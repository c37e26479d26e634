// Prints the ```js block of the README's "## Install" section: the script a new user saves as curve.mjs. smoke.sh
// runs it in the project that installed the tarballs, so the README's install instructions are what is tested.
import { readFileSync } from 'node:fs';

const readme = readFileSync(process.argv[2], 'utf8');
const section = readme.split(/^## /m).find((s) => s.startsWith('Install\n'));
const block = section && /^```js\n([\s\S]*?)^```$/m.exec(section);
if (!block) {
  console.error('README.md: no ```js block in the "## Install" section');
  process.exit(1);
}
process.stdout.write(block[1]);
