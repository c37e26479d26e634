import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetFileError } from '../errors/dataset-file-error.js';
import { listDirectory, readFileBytes } from './file-access.js';

describe('file access (Node)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rd-file-access-'));
  writeFileSync(join(dir, 'b.bin'), Uint8Array.of(1, 2, 3));
  writeFileSync(join(dir, 'a.bin'), Uint8Array.of(4));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file byte for byte and lists a directory sorted', () => {
    expect(Array.from(readFileBytes(join(dir, 'b.bin')))).toEqual([1, 2, 3]);
    expect(listDirectory(dir)).toEqual(['a.bin', 'b.bin']);
  });

  it.each([
    ['readFileBytes', () => readFileBytes(join(dir, 'missing.bin'), 'https://example.org'), /file not found/],
    ['listDirectory', () => listDirectory(join(dir, 'missing'), 'https://example.org'), /directory not found/],
    ['listDirectory on a file', () => listDirectory(join(dir, 'a.bin')), /cannot be listed \(/],
  ])('%s: a DatasetFileError naming the path and the reason', (_name, call, reason) => {
    expect(call).toThrow(DatasetFileError);
    expect(call).toThrow(reason);
    expect(call).toThrow(dir);
  });
});
