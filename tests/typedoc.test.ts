// The API site must build: typedoc runs with treatWarningsAsErrors (typedoc.json), so a broken {@link}, a guide
// linking to a missing anchor or an exported type that is referenced but not exported fails here, not at release.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('typedoc API site', () => {
  // A full build into a temporary folder: `--emit none` skips rendering, where guide anchors are checked.
  it('builds without warnings', () => {
    const out = mkdtempSync(join(tmpdir(), 'rd-typedoc-'));
    try {
      const r = spawnSync(join(root, 'node_modules', '.bin', 'typedoc'), ['--out', out], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).not.toMatch(/\[warning\]/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
