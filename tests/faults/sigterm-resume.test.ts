// Fault: a scheduler preempts a training run with SIGTERM. rd curve must stop after the current step, write its
// checkpoint, exit 143, and the same command plus --resume must finish with exactly the numbers of a run that was
// never interrupted.
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { curveInterrupts } from '../../packages/cli/src/commands/curve.js';
import { rdInMemory } from '../../packages/cli/src/run/rd-in-memory.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'rd-fault-term-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const original = { ...curveInterrupts };
afterEach(() => Object.assign(curveInterrupts, original));

const CURVE = [
  'curve',
  '--source',
  '{"kind":"gaussian","variance":1}',
  '--method',
  'wgd',
  '--eps',
  '0.3,0.6',
  '--steps',
  '40',
  '--batch-size',
  '32',
  '--backend',
  'cpu',
  '--eval-batches',
  '2',
  '--eval-batch-size',
  '64',
  '--seed',
  '3',
  // One thread: the signal comes when model 2/2 starts, after model 1/2 finished, which is one thread's order (the
  // default's worker threads train both at once; curve.test.ts interrupts those).
  '--workers',
  '1',
  '--json',
];

describe('fault: SIGTERM mid-training', () => {
  it('checkpoint written, exit 143; --resume ends with the uninterrupted numbers; a second signal exits at once', async () => {
    const target = new EventEmitter();
    const exits: (string | undefined)[] = [];
    Object.assign(curveInterrupts, {
      target,
      exitNow: (s?: string) => {
        exits.push(s);
      },
    });
    let sent = false;
    const stopped = await rdInMemory([...CURVE, '--progress', 'log', '--checkpoint', 'ck.json'], {
      cwd: dir,
      onStderr: (s) => {
        if (!sent && s.includes('model 2/2')) {
          sent = true;
          setImmediate(() => {
            target.emit('SIGTERM');
            target.emit('SIGTERM');
          });
        }
      },
    });
    expect(stopped.code).toBe(143);
    expect(exits).toEqual(['SIGTERM']);
    expect(stopped.err).toContain('SIGTERM: stopping after the current step');
    const saved = JSON.parse(readFileSync(join(dir, 'ck.json'), 'utf8'));
    expect(saved.methods.wgd.done).toHaveLength(1);
    expect(saved.methods.wgd.current.progress.steps).toBeGreaterThan(0);
    expect(saved.methods.wgd.current.progress.steps).toBeLessThan(40);

    Object.assign(curveInterrupts, original);
    const resumed = await rdInMemory([...CURVE, '--progress', 'none', '--resume', 'ck.json'], { cwd: dir });
    expect(resumed.code, resumed.err).toBe(0);
    const whole = await rdInMemory([...CURVE, '--progress', 'none'], { cwd: dir });
    expect(whole.code, whole.err).toBe(0);
    const points = (out: string) =>
      (JSON.parse(out) as { points: { eps: number; rate: number; distortion: number }[] }).points;
    expect(points(resumed.out)).toEqual(points(whole.out));
  });
});
