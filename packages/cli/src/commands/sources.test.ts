// `rd sources`: every kind of the datasets package is listed with its fields, and every example that needs
// no data files on disk is a SPEC that `rd sample` accepts, giving samples of the advertised dimension.
import { SOURCE_KINDS, sourceFromSpec } from '@ratedistortion/datasets';
import { describe, expect, it } from 'vitest';
import { parseSampleTable } from '../io/csv.js';
import { rd } from '../run/rd-in-memory.test-util.js';

// Kinds whose example points at files the user downloads (CIFAR-10, FSDD) or reads (a CSV).
const needsFiles = (example: object) => 'dir' in example || 'file' in example;

describe('rd sources', () => {
  it('lists every kind with its description, every field and the example', async () => {
    const r = await rd(['sources']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(SOURCE_KINDS.length).toBeGreaterThanOrEqual(5);
    for (const k of SOURCE_KINDS) {
      expect(r.out).toContain(`${k.kind} — ${k.description}`);
      for (const f of k.fields)
        expect(r.out).toMatch(new RegExp(`\\n    ${f.name}\\s+${f.type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(r.out).toContain(`example: ${JSON.stringify(k.example)}`);
    }
    for (const kind of ['gaussian', 'gmm', 'sinc4-mixture', 'laplace', 'uniform']) {
      expect(SOURCE_KINDS.map((k) => k.kind)).toContain(kind);
    }
  });

  it('--json is the SOURCE_KINDS list', async () => {
    const r = await rd(['sources', '--json']);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(SOURCE_KINDS)));
  });

  it("each example without data files works with 'rd sample --source <example>'", async () => {
    const runnable = SOURCE_KINDS.filter((k) => !needsFiles(k.example));
    expect(runnable.length).toBeGreaterThanOrEqual(5);
    for (const k of runnable) {
      const r = await rd(['sample', '--source', JSON.stringify(k.example), '--n', '4', '--seed', '1']);
      expect(r.err, k.kind).toBe('');
      expect(r.code).toBe(0);
      const { samples } = parseSampleTable(r.out);
      expect(samples.n).toBe(4);
      expect(samples.dim).toBe(sourceFromSpec(k.example).dim);
    }
  });
});
