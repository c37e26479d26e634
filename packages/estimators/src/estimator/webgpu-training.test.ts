// NERD, EBRD and WGD on the webgpu backend (Dawn; on CI Mesa's software Vulkan adapter, installed by
// scripts/ci/install-vulkan.sh): their first training steps follow the cpu backend's step for step (same seeds, float32
// on both; the reads of each step are awaited), and evaluation afterwards works (it runs on the host backend).
// R2D2's own checks are in ../r2d2/webgpu.test.ts. Off CI the tests are skipped when no WebGPU adapter is found.
import { describe, expect, it } from 'vitest';
import { webGpuAvailability } from '../../../core/src/backend/webgpu-availability.test-util.js';
import { tf, useBackend } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { EBRD } from '../ebrd/ebrd.js';
import { NERD } from '../nerd/nerd.js';
import { WGD } from '../wgd/wgd.js';

const webgpu = webGpuAvailability();

const source = sourceFromSpec({ kind: 'gaussian', variance: 1 });
type Estimator = NERD | EBRD | WGD;
const MAKERS: Record<string, () => Estimator> = {
  nerd: () => new NERD(source, { eps: 0.3, hidden: [16, 16], batchSize: 64, ySamples: 64, evalYSamples: 256, seed: 2 }),
  ebrd: () => new EBRD(source, { eps: 0.3, hidden: [16, 16], batchSize: 64, langevinSteps: 10, seed: 2 }),
  wgd: () => new WGD(source, { eps: 0.3, particles: 64, batchSize: 64, seed: 2 }),
};

describe('NERD, EBRD and WGD on webgpu', () => {
  for (const method of Object.keys(MAKERS)) {
    it(`${method}: three training steps follow cpu's; evaluation works after training; no tensor growth`, async (ctx) => {
      if (webgpu.reason()) ctx.skip();
      const run = async (name: 'cpu' | 'webgpu') => {
        await useBackend(name);
        const est = MAKERS[method]();
        const before = tf.memory().numTensors;
        const losses: number[] = [];
        await est.train({ steps: 3, progressEvery: 1, onProgress: (p) => losses.push(p.loss) });
        const growth = tf.memory().numTensors - before;
        const point = est.evaluate(0.3, { batches: 2, batchSize: 128 });
        est.dispose();
        return { losses, growth, point };
      };
      const cpu = await run('cpu');
      const gpu = await run('webgpu');
      expect(cpu.losses).toHaveLength(3);
      expect(cpu.losses.every(Number.isFinite)).toBe(true);
      expect(gpu.growth).toBe(cpu.growth);
      cpu.losses.forEach((l, i) =>
        expect(
          Math.abs(l - gpu.losses[i]) / Math.abs(l),
          `step ${i + 1}: cpu ${l} webgpu ${gpu.losses[i]}`,
        ).toBeLessThan(1e-3),
      );
      // Same weights up to float32 rounding and the same evaluation streams: the same point.
      expect(
        Math.abs(cpu.point.rate - gpu.point.rate),
        `rate cpu ${cpu.point.rate} webgpu ${gpu.point.rate}`,
      ).toBeLessThan(1e-3 * Math.max(1, Math.abs(cpu.point.rate)));
    }, 240_000);
  }
});
