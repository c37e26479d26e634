// Fault: SIGKILL while a file is being replaced. writeFileAtomic must leave either the previous complete file or
// the next complete one — never a truncated or empty file — however the kill falls relative to the write.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'rd-fault-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const child = fileURLToPath(new URL('./write-helper.fault-child.ts', import.meta.url));

function killMidWrite(file: string, afterMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => {
      err += String(d);
    });
    p.stdout.once('data', () => setTimeout(() => p.kill('SIGKILL'), afterMs));
    p.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolvePromise() : reject(new Error(`child exited ${code}: ${err}`)),
    );
  });
}

describe('fault: SIGKILL during a write', () => {
  it('12 kills at 0–55 ms into a stream of 1-MB replacements: the file is always a complete version', async () => {
    const file = join(dir, 'ck.json');
    writeFileSync(file, JSON.stringify({ version: 0 }));
    let last = 0;
    for (let k = 0; k < 12; k++) {
      await killMidWrite(file, 5 * k);
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version: number; pad?: string };
      expect(Number.isInteger(parsed.version)).toBe(true);
      if (parsed.version > 0) expect(parsed.pad).toHaveLength(1 << 20);
      last = Math.max(last, parsed.version);
    }
    // The kills did land during writing (some versions were written), and only temporary files can be left over.
    expect(last).toBeGreaterThan(0);
    for (const name of readdirSync(dir))
      expect(name === 'ck.json' || /^\.ck\.json\.\d+\.\d+\.tmp$/.test(name)).toBe(true);
  });
});
