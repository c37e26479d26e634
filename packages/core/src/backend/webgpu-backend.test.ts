import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { webGpuAvailability } from './webgpu-availability.test-util.js';
import { downloadDeviceTensors, onHostMemoryBackend, withHostBackend } from './host-memory.js';
import { tf } from './tf.js';
import { currentBackend, describeCurrentBackend, useBackend, webGpuAdapter } from './use-backend.js';
import { adapterDetails } from './webgpu-adapter.js';
import { dvEntropy } from '../entropy/dv.js';
import { knifeEntropy } from '../entropy/knife.js';
import { Random } from '../random/random.js';

// The webgpu tests need a WebGPU adapter: on CI (CI set) Mesa's software Vulkan driver, installed by .ci/run
// (scripts/ci/install-vulkan.sh), so there an absent adapter is a failure; elsewhere they are skipped with the reason.
const webgpu = webGpuAvailability();

const fixture = fileURLToPath(new URL('./webgpu-unavailable.fixture.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
function runFixture(
  mode: string,
  env: NodeJS.ProcessEnv = {},
): { reason?: string; message?: string; loaded?: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fixture, mode], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  expect(line, `fixture stderr: ${r.stderr.slice(-2000)}`).toMatch(/^\{/);
  return { ...(JSON.parse(line) as { reason?: string; message?: string; loaded?: string }), stderr: r.stderr };
}

describe('adapterDetails', () => {
  it.each([
    [{ vendor: 'mesa', architecture: 'software', device: 'llvmpipe', description: 'llvmpipe: Mesa 25' }, true],
    [{ vendor: 'google', architecture: '', device: '', description: 'SwiftShader Device (Subzero)' }, true],
    [
      { vendor: 'nvidia', architecture: 'ampere', device: '', description: 'NVIDIA A100', isFallbackAdapter: true },
      true,
    ],
    [{ vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H200' }, false],
    [{ vendor: 'apple', architecture: 'metal-3', device: '', description: 'Apple M2' }, false],
  ])('%o is software: %s', (info, software) => {
    expect(adapterDetails(info).software).toBe(software);
  });
  it('reads missing fields as empty strings', () => {
    expect(adapterDetails(undefined)).toEqual({
      vendor: '',
      architecture: '',
      device: '',
      description: '',
      software: false,
    });
  });
});

describe("useBackend('webgpu')", () => {
  it('computes on the adapter it reports: matMul, relu and their gradient as on cpu', async (ctx) => {
    if (webgpu.reason()) ctx.skip();
    const rng = Array.from({ length: 64 * 32 + 32 * 16 }, (_, i) => Math.sin(i * 1.7) * 0.5);
    const run = async () => {
      const x = tf.tensor2d(rng.slice(0, 64 * 32), [64, 32]);
      const w = tf.tensor2d(rng.slice(64 * 32), [32, 16]);
      const g = tf.grad((ww: tf.Tensor) => tf.sum(tf.square(tf.relu(tf.matMul(x, ww)))))(w);
      const out = Float32Array.from(await g.data());
      tf.dispose([x, w, g]);
      return out;
    };
    expect(await useBackend('webgpu')).toBe('webgpu');
    expect(currentBackend()).toBe('webgpu');
    const a = webGpuAdapter();
    expect(a).toBeDefined();
    expect(describeCurrentBackend()).toMatch(/^webgpu on .+ \((vendor .+, )?(software|hardware) adapter\)$/);
    expect(onHostMemoryBackend()).toBe(false);
    const gpu = await run();
    await useBackend('cpu');
    const cpu = await run();
    const scale = Math.max(...Array.from(cpu, Math.abs));
    for (let i = 0; i < cpu.length; i++) expect(Math.abs(gpu[i] - cpu[i])).toBeLessThan(1e-5 * scale);
  });

  it('sums 101 gradients (one AddN past the per-stage storage-buffer limit) exactly as cpu', async (ctx) => {
    if (webgpu.reason()) ctx.skip();
    await useBackend('webgpu');
    const terms = Array.from({ length: 101 }, (_, i) => tf.fill([3, 4], i + 1));
    const sum = tf.addN(terms);
    expect(Array.from(await sum.data())).toEqual(new Array(12).fill((101 * 102) / 2));
    tf.dispose([...terms, sum]);
  });

  it('downloadDeviceTensors makes synchronous reads work; withHostBackend runs a read-back on the host', async (ctx) => {
    if (webgpu.reason()) ctx.skip();
    await useBackend('webgpu');
    const before = tf.memory().numTensors;
    // Large enough that tfjs-webgpu computes it on the device (small ops run on the CPU).
    const w = tf.tidy(() => tf.mul(tf.ones([64, 64]), 3));
    expect(() => w.dataSync()).toThrow();
    // Read on the host before the download: one typed error saying what to do.
    expect(() => withHostBackend(() => w.dataSync())).toThrow(/await downloadDeviceTensors\(\)/);
    expect(tf.getBackend()).toBe('webgpu');
    expect(await downloadDeviceTensors()).toBeGreaterThanOrEqual(64 * 64 * 4);
    expect(w.dataSync()[0]).toBe(3);
    const total = withHostBackend(() => {
      expect(onHostMemoryBackend()).toBe(true);
      return tf.tidy(() => tf.sum(tf.matMul(w, w)).dataSync()[0]);
    });
    expect(total).toBe(64 * 64 * 64 * 9);
    expect(tf.getBackend()).toBe('webgpu');
    // Back on the device, w is usable again.
    const s = tf.sum(w);
    expect((await s.data())[0]).toBe(64 * 64 * 3);
    tf.dispose([w, s]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the synchronous KNIFE and DV fits run (on the host backend) with webgpu selected, as on cpu', async (ctx) => {
    if (webgpu.reason()) ctx.skip();
    const rng = new Random(3);
    const data = Array.from({ length: 400 }, () => [rng.normal(), rng.normal()]);
    const fit = () => [
      knifeEntropy(data, { components: 4, steps: 20, seed: 1 }).entropy,
      dvEntropy(data, { steps: 20, seed: 1 }).entropy,
    ];
    await useBackend('cpu');
    const cpu = fit();
    await useBackend('webgpu');
    const gpu = fit();
    expect(tf.getBackend()).toBe('webgpu');
    gpu.forEach((h, i) => expect(Math.abs(h - cpu[i])).toBeLessThan(1e-3));
  }, 60_000);

  it("'auto' takes a hardware adapter and skips a software one, saying so", async (ctx) => {
    if (webgpu.reason()) ctx.skip();
    const lines: string[] = [];
    const name = await useBackend('auto', { logger: (m) => lines.push(m) });
    if (webGpuAdapter()?.software) {
      expect(name).not.toBe('webgpu');
      expect(lines.join('\n')).toMatch(/webgpu skipped: .*software adapter/);
    } else {
      expect(name).toBe('webgpu');
    }
  });
});

describe("useBackend('webgpu') when something is missing (fresh processes)", () => {
  it("a missing package: reason 'package', naming both packages", () => {
    const r = runFixture('package');
    expect(r.reason).toBe('package');
    expect(r.message).toMatch(/install the optional package webgpu and @tensorflow\/tfjs-backend-webgpu/);
    expect(r.message?.split('\n')).toHaveLength(1);
  }, 90_000);

  it.runIf(process.platform === 'linux')(
    "no Vulkan driver (VK_ICD_FILENAMES pointing to nothing): reason 'vulkan', one line naming it",
    () => {
      const r = runFixture('env', { VK_ICD_FILENAMES: '/nonexistent/icd.json', VK_DRIVER_FILES: '' });
      expect(r.reason).toBe('vulkan');
      expect(r.message).toMatch(/no Vulkan driver/);
      expect(r.message?.split('\n')).toHaveLength(1);
      // Found before Dawn is asked, so Dawn prints none of its own Vulkan errors.
      expect(r.stderr).not.toMatch(/vkCreateInstance/);
    },
    90_000,
  );
});
