// Child process of kill-during-write.test.ts: replaces one file over and over with writeFileAtomic (each
// version a complete JSON document of about 1 MB) until it is killed.
import { writeFileAtomic } from '../../packages/core/src/files/write-file-atomic.js';

const file = process.argv[2];
const pad = 'x'.repeat(1 << 20);
process.stdout.write('ready\n');
for (let i = 1; ; i++) writeFileAtomic(file, JSON.stringify({ version: i, pad }));
