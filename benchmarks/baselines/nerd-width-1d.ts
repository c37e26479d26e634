// NERD's generator width on a scalar source: N(0, 1.5), eps 0.15 and 0.6, the authors' settings otherwise (latent
// 100, batch 100, 40,000 y per step and per evaluation batch, Adam 1e-3 with β1 = 0.5), `steps` steps, seeds 0–2.
// Prints R̂, D̂ against the closed form and the law of the trained Q (mean, variance against the optimum
// N(0, 1.5 − eps), the share of its largest atom). Width 1 is the authors' `Decoder_FC` rule [d, d] at d = 1.
// The run recorded in benchmarks/results/nerd-width-1d.txt (console output, wasm, 2 shared cores):
//   npx tsx benchmarks/baselines/nerd-width-1d.ts 300 '[[1,1]]'   then   … 300 '[[20,20],[64,64]]'
import { useBackend } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { NERD } from '@ratedistortion/estimators';
await useBackend('wasm');
const src = sourceFromSpec({ kind: 'gaussian', variance: 1.5 });
const steps = Number(process.argv[2] ?? 300);
const hiddens = JSON.parse(process.argv[3] ?? '[[1,1]]') as number[][];
for (const eps of [0.15, 0.6])
  for (const hidden of hiddens)
    for (const seed of [0, 1, 2]) {
      const est = new NERD(src as never, { eps, hidden, seed });
      const t0 = performance.now();
      await est.train({ steps });
      const p = est.evaluate(eps, { batches: 4, batchSize: 2048 });
      const y = est.sampleReconstruction(eps, 20000).data;
      let m = 0,
        v = 0,
        lo = Infinity,
        hi = -Infinity;
      for (const t of y) {
        m += t / y.length;
        lo = Math.min(lo, t);
        hi = Math.max(hi, t);
      }
      for (const t of y) v += (t - m) ** 2 / y.length;
      const counts = new Map<number, number>();
      for (const t of y) counts.set(t, (counts.get(t) ?? 0) + 1);
      const atom = Math.max(...counts.values()) / y.length;
      const exactR = Math.max(0, 0.5 * Math.log(1.5 / eps));
      console.log(
        `eps ${eps} hidden ${JSON.stringify(hidden)} seed ${seed} steps ${steps} ${((performance.now() - t0) / 1000).toFixed(0)}s: R ${p.rate.toFixed(4)} (exact ${exactR.toFixed(4)}) D ${p.distortion.toFixed(4)} (exact ${(Math.min(eps, 1.5) / 2).toFixed(4)}) | Q: mean ${m.toFixed(3)} var ${v.toFixed(3)} (opt ${Math.max(0, 1.5 - eps).toFixed(3)}) range [${lo.toFixed(2)}, ${hi.toFixed(2)}] largest atom ${(100 * atom).toFixed(1)}%`,
      );
      est.dispose();
    }
