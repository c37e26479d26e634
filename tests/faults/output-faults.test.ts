// Faults at the file system: a full disk or a read-only file system during a write (simulated by a failing fs
// stub: the tests run as root in CI containers, where permission bits do not stop writes), unwritable output paths
// given to rd (they must fail before any training, in well under a second), and existing files that an output
// would destroy.
import type * as NodeFs from 'node:fs';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { FileWriteError, writeFileAtomic } from '@ratedistortion/core';
import { rdInMemory } from '../../packages/cli/src/run/rd-in-memory.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'rd-fault-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());
const rd = (argv: string[]) => rdInMemory(argv, { cwd: dir });

const GAUSSIAN = '{"kind":"gaussian","variance":1}';
const LONG = [
  'curve',
  '--source',
  GAUSSIAN,
  '--eps',
  '0.3',
  '--steps',
  '1000000',
  '--batch-size',
  '32',
  '--hidden',
  '8',
  '--entropy',
  'gaussian',
  '--backend',
  'cpu',
  '--progress',
  'none',
];

// The fs object writeFileAtomic uses (process.getBuiltinModule): its properties can be replaced, unlike an ESM namespace's.
const nodeFs = process.getBuiltinModule('node:fs') as typeof NodeFs;

function failing(name: 'writeSync' | 'fsyncSync' | 'renameSync', code: string) {
  vi.spyOn(nodeFs, name).mockImplementation(() => {
    throw Object.assign(new Error(`${code}: simulated`), { code });
  });
}

describe('fault: the disk fails during a write', () => {
  for (const [call, code, words] of [
    ['writeSync', 'ENOSPC', 'the disk is full'],
    ['fsyncSync', 'EIO', 'EIO'],
    ['renameSync', 'EROFS', 'the file system is read-only'],
  ] as const) {
    it(`${call} fails with ${code}: FileWriteError, the previous file intact, no temporary file left`, () => {
      const sub = mkdtempSync(join(dir, `${code}-`));
      const file = join(sub, 'ck.json');
      writeFileAtomic(file, '{"good":true}');
      failing(call, code);
      expect(() => writeFileAtomic(file, '{"good":false}')).toThrow(FileWriteError);
      expect(() => writeFileAtomic(file, '{"good":false}')).toThrow(new RegExp(`Cannot write '.*ck\\.json': ${words}`));
      vi.restoreAllMocks();
      expect(readFileSync(file, 'utf8')).toBe('{"good":true}');
      expect(readdirSync(sub)).toEqual(['ck.json']);
    });
  }
});

describe('fault: unwritable outputs are refused before training', () => {
  for (const [flag, value] of [
    ['--checkpoint', 'missing/ck.json'],
    ['--plot', 'missing/p.svg'],
  ] as const) {
    it(`rd curve ${flag} ${value}: exit 2 in under a second, naming the option`, async () => {
      const t0 = performance.now();
      const r = await rd([...LONG, flag, value]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`^rd: Invalid ${flag}: .*its folder does not exist`));
      expect(performance.now() - t0).toBeLessThan(1000);
    });
  }

  it('a folder where the checkpoint should go, and --shard-out onto an existing shard (unless --force)', async () => {
    mkdirSync(join(dir, 'a-folder'), { recursive: true });
    expect((await rd([...LONG, '--checkpoint', 'a-folder'])).err).toMatch(/Invalid --checkpoint: .*it is a folder/);
    writeFileSync(join(dir, 'old-shard.json'), 'precious');
    const shard = [
      'curve',
      '--source',
      GAUSSIAN,
      '--method',
      'ba',
      '--eps',
      '0.5',
      '--shard',
      '1/1',
      '--shard-out',
      'old-shard.json',
    ];
    const refused = await rd(shard);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      /Invalid --shard-out: expected a file that does not exist yet, .*pass --force to replace it/,
    );
    expect(readFileSync(join(dir, 'old-shard.json'), 'utf8')).toBe('precious');
    const forced = await rd([...shard, '--force']);
    expect(forced.code, forced.err).toBe(0);
    // rd merge -o onto one of its own inputs is refused; another name works.
    const merge = await rd(['merge', 'old-shard.json', '-o', 'old-shard.json']);
    expect(merge.code).toBe(2);
    expect(merge.err).toMatch(/-o old-shard\.json is one of the parts being merged/);
    expect((await rd(['merge', 'old-shard.json', '-o', 'merged.json'])).code).toBe(0);
  });
});
