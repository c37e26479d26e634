import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands/registry.js';
import { VERSION } from './version.js';
import { rdInMemory } from './rd-in-memory.test-util.js';

const rd = (...argv: string[]) => rdInMemory(argv);

describe('rd: help, version and dispatch', () => {
  it('--help lists every command and the conventions; exit 0', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = await rd(flag);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      for (const c of COMMANDS) expect(r.out).toContain(`  ${c.spec.name}`);
      expect(r.out).toContain('nats');
      expect(r.out).toContain('½E‖X−X̂‖²');
    }
  });

  it('<command> --help and help <command> print the command help', async () => {
    for (const c of COMMANDS) {
      const a = await rd(c.spec.name, '--help');
      const b = await rd('help', c.spec.name);
      expect(a.code).toBe(0);
      expect(a.out).toContain(`rd ${c.spec.name} — `);
      for (const name of Object.keys(c.spec.options)) expect(a.out).toContain(`--${name}`);
      expect(b.out).toBe(a.out);
    }
  });

  it('--version prints the version of packages/cli/package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(VERSION).toBe(pkg.version);
    const r = await rd('--version');
    expect(r).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });

  it('no arguments: usage on stderr, exit 2', async () => {
    const r = await rd();
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('Usage: rd <command>');
  });

  it('unknown command or option: one line naming the problem and the fix, exit 2', async () => {
    const a = await rd('frobnicate');
    expect(a.code).toBe(2);
    expect(a.err).toBe(
      "rd: unknown command 'frobnicate' (commands: analytic, curve, entropy, sample, sources, plot, bench, reproduce, merge, suite). Run 'rd --help'.\n",
    );
    const b = await rd('analytic', '--bogus', '1');
    expect(b.code).toBe(2);
    expect(b.err).toBe("rd: Unknown option '--bogus'. Run 'rd analytic --help'.\n");
    const c = await rd('sample', 'stray');
    expect(c.code).toBe(2);
    expect(c.err.trim().split('\n')).toHaveLength(1);
    expect(c.err).toContain("Unexpected argument 'stray'");
  });

  it('a runtime failure (backend not installed) exits 1 with the install hint; --debug adds the stack', async () => {
    const argv = [
      'entropy',
      '--source',
      '{"kind":"gaussian","variance":1}',
      '--n',
      '50',
      '--estimator',
      'knife',
      '--backend',
      'node',
    ];
    const r = await rd(...argv);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.err).toMatch(
      /^rd: Backend 'node' is not available: install the optional package @tensorflow\/tfjs-node\b/,
    );
    expect(r.err).not.toMatch(/\n\s+at /);
    const d = await rd(...argv, '--debug');
    expect(d.code).toBe(1);
    expect(d.err).toMatch(/\n\s+at /);
  });

  it('usage errors never print a stack trace unless --debug', async () => {
    const r = await rd('analytic', '--source', '{"kind":"gaussian","variance":1}', '--eps', '-1');
    expect(r.code).toBe(2);
    expect(r.err).toBe("rd: --eps must be > 0, got -1. Run 'rd analytic --help'.\n");
    const d = await rd('--debug', 'analytic', '--source', '{"kind":"gaussian","variance":1}', '--eps', '-1');
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/CliUsageError/);
  });
});
