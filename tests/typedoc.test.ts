// The API site must build: typedoc runs with treatWarningsAsErrors (typedoc.json), so a broken {@link}, a guide
// linking to a missing anchor or an exported type that is referenced but not exported fails here, not at release.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('typedoc API site', () => {
  it('builds without warnings (validation only, nothing written)', () => {
    const r = spawnSync(join(root, 'node_modules', '.bin', 'typedoc'), ['--emit', 'none'], { cwd: root, encoding: 'utf8' });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).not.toMatch(/\[warning\]/);
  }, 180_000);
});
