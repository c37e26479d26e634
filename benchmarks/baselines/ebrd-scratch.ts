import { useBackend } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { EBRD } from '@ratedistortion/estimators/ebrd';
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
await useBackend((args.backend as 'cpu') ?? 'cpu');
const source = sourceFromSpec({ kind: 'gaussian', variance: 1 });
const eps = Number(args.eps ?? 0.5);
const est = new EBRD(source, {
  eps, hidden: [Number(args.h ?? 64), Number(args.h ?? 64)], batchSize: Number(args.n ?? 256), langevinSteps: Number(args.k ?? 50),
  stepSize: Number(args.step ?? 0.012), learningRate: Number(args.lr ?? 1e-3), seed: 1,
});
const total = Number(args.steps ?? 200);
const r = await est.train({ steps: total, progressEvery: Math.max(1, Math.floor(total / 10)), onProgress: (p) => console.log(p.step, p.loss.toFixed(4), 'R', p.rate.toFixed(4), 'D', p.distortion.toFixed(4), p.stepsPerSecond.toFixed(1)) });
console.log('train', r.seconds.toFixed(1), 's');
const t0 = performance.now();
const pt = est.evaluate(eps, { batches: 4, batchSize: 1024 });
console.log('eval', ((performance.now() - t0) / 1000).toFixed(1), 's', 'R', pt.rate, 'D', pt.distortion, 'true R', 0.5 * Math.log(1 / eps), 'true D', eps / 2, 'R(D̂)', 0.5 * Math.log(1 / (2 * pt.distortion)));
const y = est.sampleJoint(eps, 2000);
let m = 0, v = 0; for (const a of y.y.data) { m += a; v += a * a; } m /= 2000; v = v / 2000 - m * m;
// marginal var
console.log('Y var (cond samples mixture)', v, 'optimal', 1 - eps);
const e = est.energyAt({ n: 5, dim: 1, data: new Float64Array([-2, -1, 0, 1, 2]) });
console.log('E', Array.from(e).map((a) => (a - e[2]).toFixed(3)), 'optimal', [-2, -1, 0, 1, 2].map((a) => (a * a / (2 * (1 - eps))).toFixed(3)));
est.dispose();
