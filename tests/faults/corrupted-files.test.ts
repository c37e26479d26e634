// Faults in the files rd reads back: checkpoints and shards truncated, with a flipped byte, from another method or
// another source, and repeated command-line flags. Each is refused in one line, exit 2, naming what is wrong.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdInMemory } from '../../packages/cli/src/run/rd-in-memory.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'rd-fault-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rd = (argv: string[]) => rdInMemory(argv, { cwd: dir });

const GAUSSIAN = '{"kind":"gaussian","variance":1}';
const BASE = [
  '--eps',
  '0.25,0.5',
  '--steps',
  '3',
  '--batch-size',
  '32',
  '--entropy',
  'gaussian',
  '--backend',
  'cpu',
  '--eval-batches',
  '2',
  '--eval-batch-size',
  '64',
  '--progress',
  'none',
  '--json',
];
let checkpoint = '';

beforeAll(async () => {
  const r = await rd(['curve', '--source', GAUSSIAN, ...BASE, '--hidden', '16x1', '--checkpoint', 'ck.json']);
  expect(r.code, r.err).toBe(0);
  checkpoint = readFileSync(join(dir, 'ck.json'), 'utf8');
});

async function resumeWith(text: string, extra: string[] = ['--hidden', '16x1'], source = GAUSSIAN) {
  writeFileSync(join(dir, 'bad.json'), text);
  const r = await rd(['curve', '--source', source, ...BASE, ...extra, '--resume', 'bad.json']);
  expect(r.code).toBe(2);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  return r.err;
}

describe('fault: damaged or foreign checkpoints', () => {
  it('the issue-18 replay: another source and --hidden 64x2 --seed 5 are refused, naming the first difference', async () => {
    expect(await resumeWith(checkpoint, undefined, '{"kind":"laplace","scale":1}')).toMatch(
      /source\.kind: "gaussian" in the checkpoint, "laplace" given/,
    );
    expect(await resumeWith(checkpoint, ['--hidden', '64x2', '--seed', '5'])).toMatch(
      /options\.hidden: \[16\] in the checkpoint, \[64,64\] given/,
    );
    expect(await resumeWith(checkpoint, ['--hidden', '16x1', '--seed', '5'])).toMatch(
      /options\.seed: 0 in the checkpoint, 5 given/,
    );
  });

  it('truncated, byte-flipped, empty, another method', async () => {
    expect(await resumeWith(checkpoint.slice(0, 100))).toMatch(
      /Invalid resume: .*not valid JSON \(truncated or damaged\)/,
    );
    expect(await resumeWith(checkpoint.replace('"variance":1', '"variance":4'))).toMatch(/damaged or was edited/);
    expect(await resumeWith('')).toMatch(/the file is empty/);
    writeFileSync(join(dir, 'bad.json'), checkpoint);
    const wgd = await rd([
      'curve',
      '--source',
      GAUSSIAN,
      '--eps',
      '0.25,0.5',
      '--steps',
      '3',
      '--backend',
      'cpu',
      '--method',
      'wgd',
      '--resume',
      'bad.json',
    ]);
    expect(wgd.code).toBe(2);
    expect(wgd.err).toMatch(/methods\[0\]: "r2d2" in the checkpoint, "wgd" given/);
  });
});

describe('fault: repeated flags', () => {
  it('--eps twice is refused instead of the last one silently winning', async () => {
    const r = await rd(['analytic', '--source', GAUSSIAN, '--eps', '0.1', '--eps', '0.5']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--eps given more than once \(give it once, e\.g\. a comma list\)/);
  });
});
