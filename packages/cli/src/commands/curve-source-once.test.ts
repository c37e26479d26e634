// `rd curve` parses the --source text once and builds the Source once: the CLI hands the built object down to
// runCurves and every method's runner (R2D2 and Blahut–Arimoto here), which use it as it is. The datasets
// package's two entry points are wrapped in counting spies; the estimators package resolves the same module.
import { describe, expect, it, vi } from 'vitest';
import { rdJson } from '../run/rd-in-memory.test-util.js';
import { quickCurve } from './curve-quick-args.test-util.js';

const spies = vi.hoisted(() => ({ parse: 0, build: 0, analytic: 0 }));

vi.mock('@ratedistortion/datasets', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@ratedistortion/datasets')>();
  return {
    ...actual,
    parseSourceSpec: (json: string) => {
      spies.parse++;
      return actual.parseSourceSpec(json);
    },
    sourceFromSpec: (spec: unknown) => {
      spies.build++;
      const source = actual.sourceFromSpec(spec);
      const analyticSpec = source.analyticSpec.bind(source);
      source.analyticSpec = () => {
        spies.analytic++;
        return analyticSpec();
      };
      return source;
    },
  };
});

describe('rd curve --method r2d2,ba', () => {
  it('parses and builds the source once for both methods', async () => {
    const out = await rdJson<{ results: { method: string; points: { reference?: unknown }[] }[] }>(
      quickCurve('r2d2,ba', '0.5', 2, '--json'),
    );
    expect(out.results.map((m) => m.method)).toEqual(['r2d2', 'ba']);
    // The analytic reference comes from the same Source object (its analyticSpec, once per method).
    expect(out.results.every((m) => m.points[0].reference !== undefined)).toBe(true);
    expect(spies).toEqual({ parse: 1, build: 1, analytic: 2 });
  });
});
