// rd curve --backend webgpu (Dawn; on CI Mesa's software Vulkan adapter, installed by scripts/ci/install-vulkan.sh):
// the adapter is named before training and in the footer, and the JSON records it. Off CI the test is skipped when no
// WebGPU adapter is found; under CI that is a failure.
import { describe, expect, it } from 'vitest';
import { webGpuAvailability } from '../../../core/src/backend/webgpu-availability.test-util.js';
import { rdInMemory } from '../run/rd-in-memory.test-util.js';

const webgpu = webGpuAvailability();

describe('rd curve --backend webgpu', () => {
  it('names the adapter before training and in the footer; --json records it', async (ctx) => {
    if (webgpu.reason()) ctx.skip();
    const args = [
      'curve',
      '--source',
      '{"kind":"gaussian","variance":1}',
      '--method',
      'r2d2',
      '--eps',
      '0.3',
      '--steps',
      '2',
      '--batch-size',
      '64',
      '--dt',
      '0.1',
      '--hidden',
      '8',
      '--eval-batches',
      '2',
      '--eval-batch-size',
      '256',
      '--backend',
      'webgpu',
    ];
    const table = await rdInMemory(args);
    expect(table.code, table.err).toBe(0);
    expect(table.err).toMatch(/^rd curve: training on webgpu on .+ \((vendor .+, )?(software|hardware) adapter\)$/m);
    expect(table.out).toMatch(
      /^# r2d2: 2 steps in .* s on webgpu \(.+ adapter\)\), (fixed|controlled) chain; read out with .+ batches$/m,
    );
    const json = await rdInMemory([...args, '--json']);
    const result = JSON.parse(json.out) as { train: { backend: string; adapter?: { software: boolean } } }[];
    const r = Array.isArray(result) ? result[0] : (result as unknown as (typeof result)[0]);
    expect(r.train.backend).toBe('webgpu');
    expect(typeof r.train.adapter?.software).toBe('boolean');
  }, 120_000);
});
