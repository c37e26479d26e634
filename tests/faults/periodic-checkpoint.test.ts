// Fault: a training run is killed outright (SIGKILL: no handler runs, as after an out-of-memory kill or a lost
// node). With --checkpoint, rd curve writes a checkpoint every --checkpoint-every during training, so the run loses
// at most that much; the same command plus --resume must end with exactly the numbers of an uninterrupted run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rdInMemory } from '../../packages/cli/src/run/rd-in-memory.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'rd-fault-periodic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BIN = resolve(__dirname, '../../packages/cli/src/bin.ts');
const STEPS = 150;

const CURVE = [
  'curve',
  '--source',
  '{"kind":"gaussian","variance":1}',
  '--method',
  'r2d2',
  '--eps',
  '0.3,0.6',
  '--steps',
  String(STEPS),
  '--batch-size',
  '32',
  '--hidden',
  '8',
  '--dt',
  '0.1',
  '--backend',
  'cpu',
  '--eval-batches',
  '2',
  '--eval-batch-size',
  '64',
  '--seed',
  '5',
  '--progress',
  'none',
  '--json',
];

function stepsIn(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { methods: { r2d2: { progress: { steps: number } } } }).methods
      .r2d2.progress.steps;
  } catch {
    return undefined; // never expected (atomic writes), but a poll must not crash on it
  }
}

// Start rd curve in a child process and SIGKILL it as soon as a periodic checkpoint holds some training.
function killAfterPeriodicCheckpoint(ck: string): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', BIN, ...CURVE, '--checkpoint', ck, '--checkpoint-every', '10'],
      // From the repository root, where the tsx loader resolves; the checkpoint path is absolute.
      { cwd: resolve(__dirname, '../..'), stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const poll = setInterval(() => {
      const steps = stepsIn(ck);
      if (steps !== undefined && steps >= 10) {
        clearInterval(poll);
        child.kill('SIGKILL');
        done(steps);
      }
    }, 5);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      if (signal !== 'SIGKILL') fail(new Error(`rd curve ended (${code}) before a periodic checkpoint: ${err}`));
    });
  });
}

describe('fault: SIGKILL mid-training with periodic checkpoints', () => {
  it('the periodic checkpoint survives the kill and --resume ends with the uninterrupted numbers', async () => {
    const ck = join(dir, 'ck.json');
    const killedAt = await killAfterPeriodicCheckpoint(ck);
    const saved = stepsIn(ck)!;
    // A multiple of 10 (the interval), short of the end: the kill came during training.
    expect(saved % 10).toBe(0);
    expect(saved).toBeGreaterThanOrEqual(killedAt);
    expect(saved).toBeLessThan(STEPS);

    const resumed = await rdInMemory([...CURVE, '--resume', 'ck.json'], { cwd: dir });
    expect(resumed.code, resumed.err).toBe(0);
    const whole = await rdInMemory(CURVE, { cwd: dir });
    expect(whole.code, whole.err).toBe(0);
    const points = (out: string) =>
      (JSON.parse(out) as { points: { eps: number; rate: number; distortion: number }[] }).points;
    expect(points(resumed.out)).toEqual(points(whole.out));
  }, 120_000);

  it('--checkpoint-every takes steps or a duration, and needs --checkpoint', async () => {
    for (const [extra, message] of [
      [['--checkpoint-every', '10'], /--checkpoint-every goes with --checkpoint FILE/],
      [['--checkpoint', 'a.json', '--checkpoint-every', '0'], /--checkpoint-every/],
      [['--checkpoint', 'a.json', '--checkpoint-every', '5x'], /a duration such as 30s, 5m or 1h, got '5x'/],
    ] as [string[], RegExp][]) {
      const r = await rdInMemory([...CURVE, ...extra], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
    }
  });
});
