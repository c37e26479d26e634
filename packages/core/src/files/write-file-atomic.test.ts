import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/errors.js';
import { assertWritableFile } from './assert-writable-file.js';
import { canonicalJson } from './canonical-json.js';
import { FileWriteError } from './file-write-error.js';
import { sha256Hex } from './sha256.js';
import { writeFileAtomic } from './write-file-atomic.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'rd-files-'));
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('writeFileAtomic', () => {
  it('writes, replaces and leaves no temporary file', () => {
    const dir = tmp();
    const f = join(dir, 'a.json');
    writeFileAtomic(f, 'one');
    writeFileAtomic(f, new TextEncoder().encode('two'));
    expect(readFileSync(f, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it("removes the target's temporary files left by killed processes, and nothing else", () => {
    const dir = tmp();
    const dead = spawnSync(process.execPath, ['-e', '']).pid; // exited: its PID is not running
    const leftovers = [
      `.a.json.${dead}.1.tmp`, // a killed writer of a.json: removed
      `.a.json.${dead}.17.tmp`, // removed
      `.a.json.${process.pid}.999.tmp`, // this process's own: kept
      `.a.json.1.3.tmp`, // PID 1 is running: kept
      `.b.json.${dead}.1.tmp`, // another target: kept
      `.a.json.x.1.tmp`, // not the pattern: kept
    ];
    for (const name of leftovers) writeFileSync(join(dir, name), 'partial');
    writeFileAtomic(join(dir, 'a.json'), 'new');
    expect(readdirSync(dir).sort()).toEqual(['a.json', ...leftovers.slice(2)].sort());
  });

  it('a missing folder or a folder in the way: FileWriteError naming the file; the previous file survives a failed write', () => {
    const dir = tmp();
    expect(() => writeFileAtomic(join(dir, 'no', 'a.json'), 'x')).toThrow(FileWriteError);
    expect(() => writeFileAtomic(join(dir, 'no', 'a.json'), 'x')).toThrow(/its folder does not exist \(ENOENT\)/);
    mkdirSync(join(dir, 'sub'));
    expect(() => writeFileAtomic(join(dir, 'sub'), 'x')).toThrow(/it is a folder \(EISDIR\)/);
    const f = join(dir, 'keep.json');
    writeFileSync(f, 'good');
    chmodSync(dir, 0o500);
    try {
      if (!isRoot) expect(() => writeFileAtomic(f, 'new')).toThrow(/permission denied \(EACCES\)/);
      expect(readFileSync(f, 'utf8')).toBe('good');
    } finally {
      chmodSync(dir, 0o700);
    }
    expect(readdirSync(dir).sort()).toEqual(['keep.json', 'sub']);
  });
});

describe('assertWritableFile', () => {
  it('accepts a new or existing file in a writable folder and leaves nothing behind', () => {
    const dir = tmp();
    assertWritableFile('out', join(dir, 'new.json'));
    writeFileSync(join(dir, 'old.json'), 'x');
    assertWritableFile('out', join(dir, 'old.json'));
    expect(readdirSync(dir)).toEqual(['old.json']);
  });

  it('refuses a missing folder, a folder, an existing file without overwrite, a read-only folder — naming the parameter', () => {
    const dir = tmp();
    expect(() => assertWritableFile('checkpoint', join(dir, 'x', 'ck.json'))).toThrow(
      /Invalid checkpoint: .*folder does not exist/,
    );
    expect(() => assertWritableFile('checkpoint', dir)).toThrow(/it is a folder/);
    writeFileSync(join(dir, 'old.json'), 'x');
    expect(() =>
      assertWritableFile('out', join(dir, 'old.json'), { overwrite: false, overwriteFix: 'pass --force' }),
    ).toThrow(/it exists; pass --force/);
    expect(() => assertWritableFile('out', '')).toThrow(InvalidParameterError);
    if (!isRoot) {
      chmodSync(dir, 0o500);
      try {
        expect(() => assertWritableFile('plot', join(dir, 'p.svg'))).toThrow(/Invalid plot: .*permission denied/);
      } finally {
        chmodSync(dir, 0o700);
      }
    }
  });
});

describe('sha256Hex and canonicalJson', () => {
  it('matches node:crypto on lengths around the block boundaries and on UTF-8', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const s = 'aé'.repeat(n).slice(0, n);
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }
    const bytes = new Uint8Array(777).map((_, i) => (i * 37) & 255);
    expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('canonical JSON ignores key order and refuses non-finite numbers by path', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: undefined } })).toBe('{"a":{"d":[1,2]},"b":1}');
    expect(() => canonicalJson({ a: [0, NaN] }, 'ck')).toThrow(/ck\.a\[1\]/);
  });
});
