// Are R2D2's error bars from a few evaluation batches honest? (issue 19: the default read-out is 8 batches of 1,024.)
// Reads a stored result whose read-outs keep their per-batch rates (`batchRates`: r2d2-bias-gmm2.ts's trained part,
// heavy-tail-readout.ts), splits each read-out's B batches into disjoint groups of g, and counts how often the mean of
// all B batches lies within 1 and 2 standard errors of a group's mean, the SE being the one a g-batch read-out reports
// (s/√g). For normal per-batch rates the fractions are P(|t_{g−1}| < 1), P(|t_{g−1}| < 2) shrunk slightly by the
// B-batch mean's own noise: g = 8, 0.65 and 0.91; g = 32, 0.67 and 0.95. Fewer means the error bars are too short.
// The per-batch excess kurtosis says how far from normal the rates are. No training, no R2D2: seconds.
//
//   npx tsx benchmarks/r2d2/error-bar-coverage.ts [--file r2d2-bias-sinc4-control-variate] [--groups 8,32]
// prints one line per read-out (results/<file>.json; nothing is written).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RESULTS_DIR } from './common.js';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: 'r2d2-bias-sinc4-control-variate' },
    groups: { type: 'string', default: '8,32' },
  },
  strict: true,
});
const groupSizes = values.groups!.split(',').map(Number);
for (const g of groupSizes)
  if (!Number.isInteger(g) || g < 2) throw new Error(`--groups must list whole numbers ≥ 2, got ${values.groups}`);

interface StoredReadout {
  batches: number;
  batchSize: number;
  controlVariate?: boolean;
  readout?: string;
  batchRates: number[];
}
const stored = JSON.parse(readFileSync(join(RESULTS_DIR, `${values.file}.json`), 'utf8'));
// Every object holding `batchRates`, with the eps and source of the point around it.
const found: { where: string; r: StoredReadout }[] = [];
const walk = (node: unknown, where: string): void => {
  if (Array.isArray(node)) node.forEach((x) => walk(x, where));
  else if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const here = [
      where,
      o.source,
      o.variant,
      o.seed === undefined ? undefined : `seed ${o.seed}`,
      o.eps === undefined ? undefined : `eps ${o.eps}`,
    ]
      .filter((x) => x !== undefined && x !== '')
      .join(' ');
    if (Array.isArray(o.batchRates)) found.push({ where, r: o as unknown as StoredReadout });
    else for (const v of Object.values(o)) walk(v, here);
  }
};
walk(stored.result, '');

const meanSd = (v: number[]) => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return { m, sd: Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) };
};
for (const { where, r } of found) {
  const v = r.batchRates;
  const { m, sd } = meanSd(v);
  const c2 = v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length;
  const kurt = v.reduce((a, b) => a + (b - m) ** 4, 0) / v.length / (c2 * c2) - 3;
  const label = r.readout ?? (r.controlVariate === false ? 'no control variate' : 'control variate');
  const cells = groupSizes
    .filter((g) => v.length / g >= 2)
    .map((g) => {
      const groups = Math.floor(v.length / g);
      let w1 = 0;
      let w2 = 0;
      for (let k = 0; k < groups; k++) {
        const s = meanSd(v.slice(k * g, (k + 1) * g));
        const z = Math.abs(s.m - m) / (s.sd / Math.sqrt(g));
        if (z < 1) w1++;
        if (z < 2) w2++;
      }
      return `g ${g} (${groups} groups): ±1 SE ${(w1 / groups).toFixed(2)}, ±2 SE ${(w2 / groups).toFixed(2)}`;
    });
  console.log(
    `${where} ${label}, ${v.length} × ${r.batchSize}: per-batch SD ${sd.toFixed(4)}, excess kurtosis ${kurt.toFixed(1)}; ${cells.join('; ')}`,
  );
}
