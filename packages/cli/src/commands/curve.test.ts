// `rd curve` end to end, in-process. References: the closed-form R(D) of N(0, σ²), R = ½ log(σ²/eps) and
// D = eps/2 for eps < σ² (paper Eq. 78), attached to every point; the checkpoint files themselves for the
// resume and Ctrl-C paths (their step counters say exactly how far training went).
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CURVE_METHOD_NAMES, R2D2_TRAIN_ENTROPIES, WorkerPool } from '@ratedistortion/estimators';
import { CURVE_COMMAND_METHODS, CURVE_ENTROPIES, curveInterrupts } from './curve.js';
import { GAUSSIAN, R2D2_QUICK, quickCurve } from './curve-quick-args.test-util.js';
import { rdInMemory, rdJson } from '../run/rd-in-memory.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'rd-curve-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const original = { ...curveInterrupts };
afterEach(() => Object.assign(curveInterrupts, original));

const rd = (argv: string[], onStderr?: (s: string) => void) => rdInMemory(argv, { cwd: dir, onStderr });

interface Point {
  eps: number;
  rate: number;
  distortion: number;
  rateSe: number;
  distortionSe: number;
  rateIqr: number[];
  distortionIqr: number[];
  reference?: { rate: number; distortion: number };
  rateError?: number;
  rateErrorAtDistortion?: number;
}
interface Result {
  method: string;
  source: unknown;
  points: Point[];
  train: { steps: number; totalSteps: number; seconds: number; backend: string; aborted: boolean; chain?: string };
}

describe('rd curve', () => {
  it("offers the estimators package's curve method and entropy lists themselves (one list each, no copy)", () => {
    expect(CURVE_COMMAND_METHODS).toBe(CURVE_METHOD_NAMES);
    expect(CURVE_ENTROPIES).toBe(R2D2_TRAIN_ENTROPIES);
  });

  it('r2d2 on N(0, 1): JSON of the documented shape, with the closed-form reference ½ log(1/eps), eps/2 beside each point', async () => {
    const res = await rdJson<Result>(quickCurve('r2d2', '0.3,0.6', 3, '--json'), { cwd: dir });
    expect(Object.keys(res).sort()).toEqual(['method', 'points', 'source', 'train']);
    expect(res.method).toBe('r2d2');
    expect(res.source).toEqual({ kind: 'gaussian', variance: 1 });
    expect(res.train).toMatchObject({ steps: 3, totalSteps: 3, backend: 'cpu', aborted: false });
    expect(['fixed', 'controlled']).toContain(res.train.chain);
    expect(res.train.seconds).toBeGreaterThan(0);
    expect(res.points.map((p) => p.eps)).toEqual([0.3, 0.6]);
    for (const p of res.points) {
      expect(Object.keys(p).sort()).toEqual([
        'distortion',
        'distortionIqr',
        'distortionSe',
        'eps',
        'rate',
        'rateError',
        'rateErrorAtDistortion',
        'rateIqr',
        'rateSe',
        'reference',
        'referenceAtDistortion',
      ]);
      expect(p.rateSe).toBeGreaterThan(0);
      expect(p.distortionSe).toBeGreaterThan(0);
      expect(p.reference!.rate).toBeCloseTo(0.5 * Math.log(1 / p.eps), 12);
      expect(p.reference!.distortion).toBeCloseTo(p.eps / 2, 12);
      expect(p.rateError).toBeCloseTo(p.rate - p.reference!.rate, 12);
      expect(p.rateIqr).toHaveLength(2);
      expect(p.rateIqr[0]).toBeLessThanOrEqual(p.rateIqr[1]);
    }
  });

  it('--units bits --distortion sse: every rate and distortion converted, the JSON records its conventions', async () => {
    const base = ['curve', '--source', GAUSSIAN, '--method', 'ba', '--eps', '0.25', '--progress', 'none', '--json'];
    const nats = JSON.parse((await rd(base)).out) as Result;
    const r = await rd([...base, '--units', 'bits', '--distortion', 'sse']);
    expect(r.code).toBe(0);
    const bits = JSON.parse(r.out) as Result & { conventions: { rate: string; distortion: string } };
    expect(bits.conventions).toMatchObject({ rate: 'bits', distortion: 'sse' });
    const [p, q] = [nats.points[0], bits.points[0]];
    expect(q.rate).toBeCloseTo(p.rate / Math.LN2, 12);
    expect(q.distortion).toBeCloseTo(2 * p.distortion, 12);
    expect(q.reference!.rate).toBeCloseTo(p.reference!.rate / Math.LN2, 12);
    expect(q.rateErrorAtDistortion).toBeCloseTo(p.rateErrorAtDistortion! / Math.LN2, 12);
    const table = await rd([
      'curve',
      '--source',
      GAUSSIAN,
      '--method',
      'ba',
      '--eps',
      '0.25',
      '--progress',
      'none',
      '--units',
      'bits',
    ]);
    expect(table.out.split('\n')[0]).toMatch(/rate \(bits\).*distortion \(half-sse\)/);
    expect((await rd([...base, '--units', 'bans'])).err).toMatch(/--units must be nats or bits/);
  });

  it('several methods (r2d2,wgd,ba): one result per method in order, a table with a method column and the reference, CSV and a plot', async () => {
    // One thread: this test is about the output of several methods; WGD's default worker threads (tested below)
    // would add a thread start (≈ 3 s under vitest) to each of its three runs.
    const args = quickCurve('r2d2,wgd,ba', '0.25,0.5', 3, '--workers', '1');
    const json = await rd([...args, '--json', '--plot', 'curves.svg']);
    expect(json.code).toBe(0);
    const { results } = JSON.parse(json.out) as { results: Result[] };
    expect(results.map((x) => x.method)).toEqual(['r2d2', 'wgd', 'ba']);
    for (const res of results) {
      expect(res.points.map((p) => p.eps)).toEqual([0.25, 0.5]);
      for (const p of res.points) expect(p.reference!.rate).toBeCloseTo(0.5 * Math.log(1 / p.eps), 12);
    }
    expect(results[1].train).toMatchObject({ steps: 6, models: 2 });
    // How R2D2 read out is recorded (a Gaussian source: the plug-in entropy, the control variate, i.i.d. batches).
    expect((results[0].train as { readout?: unknown }).readout).toEqual({
      entropy: 'gaussian',
      controlVariate: true,
      sampling: 'iid',
    });
    expect((results[1].train as { readout?: unknown }).readout).toBeUndefined();
    // BA on 10⁵ samples needs no training budget and is accurate: sampling SD √(½/N) ≈ 0.0022 nats, grid error < 1e-3.
    for (const p of results[2].points) expect(Math.abs(p.rateError!)).toBeLessThan(4 * 0.0022 + 0.002);
    expect(json.err).toMatch(/wrote .*curves\.svg/);
    expect(readFileSync(join(dir, 'curves.svg'), 'utf8')).toContain('<svg');

    const table = await rd(args);
    expect(table.code).toBe(0);
    const lines = table.out.trim().split('\n');
    expect(lines[0]).toMatch(
      /^method\s+eps\s+rate \(nats\)\s+rate SE\s+distortion\s+distortion SE\s+R\(D\) exact\s+D exact\s+rate error\s+R\(D̂\)\s+error at D̂$/,
    );
    expect(lines.slice(1, 7).map((l) => l.split(/\s+/)[0])).toEqual(['r2d2', 'r2d2', 'wgd', 'wgd', 'ba', 'ba']);
    expect(lines[1].split(/\s+/)).toContain('0.693147'); // ½ log 4 at eps = 0.25
    expect(lines.slice(7)).toEqual([
      expect.stringMatching(
        /^# r2d2: 3 steps in .* s on cpu, (fixed|controlled) chain; read out with the Gaussian plug-in entropy and the Gaussian control variate on i\.i\.d\. batches$/,
      ),
      expect.stringMatching(/^# wgd: 6 steps \(2 models, 1 thread\) in /),
      expect.stringMatching(/^# ba: /),
    ]);

    const csv = await rd([...args, '--csv']);
    const rows = csv.out.trim().split('\n');
    expect(rows[0]).toBe(
      'method,eps,rate,distortion,rate_se,distortion_se,rate_q25,rate_q75,distortion_q25,distortion_q75,reference_rate,reference_distortion,rate_error,reference_rate_at_distortion,rate_error_at_distortion',
    );
    expect(rows).toHaveLength(7);
    expect(Number(rows[1].split(',')[10])).toBeCloseTo(0.5 * Math.log(4), 12);
    // R at the distortion reached, D̂ = column 3: ½ log(1/(2D̂)) for N(0, 1)
    for (const row of rows.slice(1)) {
      const f = row.split(',');
      expect(Number(f[13])).toBeCloseTo(0.5 * Math.log(1 / (2 * Number(f[3]))), 10);
      expect(Number(f[14])).toBeCloseTo(Number(f[2]) - Number(f[13]), 10);
    }
  });

  it('checkpoint and resume: --resume trains up to --steps in total (single method and several)', async () => {
    const one = join(dir, 'one.json');
    const first = await rd(quickCurve('r2d2', '0.3', 4, '--checkpoint', 'one.json', '--json'));
    expect(first.code).toBe(0);
    expect(JSON.parse(readFileSync(one, 'utf8')).methods.r2d2.progress.steps).toBe(4);
    const resumed = await rd(quickCurve('r2d2', '0.3', 6, '--resume', 'one.json', '--json'));
    expect(resumed.code).toBe(0);
    expect((JSON.parse(resumed.out) as Result).train).toMatchObject({ steps: 2, totalSteps: 6 });

    const both = quickCurve('r2d2,wgd', '0.3,0.6', 3, '--json');
    expect((await rd([...both, '--checkpoint', 'both.json'])).code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'both.json'), 'utf8'));
    expect(saved.format).toBe('ratedistortion/run-checkpoint');
    expect(Object.keys(saved.methods)).toEqual(['r2d2', 'wgd']);
    expect(saved.methods.wgd.done).toHaveLength(2);
    // Everything already reached 3 steps: resuming trains nothing and returns the stored WGD points unchanged.
    const again = await rd([...both, '--resume', 'both.json']);
    const { results } = JSON.parse(again.out) as { results: Result[] };
    expect(results.map((x) => x.train.steps)).toEqual([0, 0]);
    expect(results[1].points.map((p) => p.rate)).toEqual(
      saved.methods.wgd.done.map((d: { point: Point }) => d.point.rate),
    );
  });

  it('Ctrl-C mid-training stops, writes the checkpoint (to a default file it names), says how to resume; a second Ctrl-C exits at once', async () => {
    const target = new EventEmitter();
    let exits = 0;
    Object.assign(curveInterrupts, {
      target,
      exitNow: () => {
        exits++;
      },
    });
    let sent = false;
    const r = await rd(
      ['curve', '--source', GAUSSIAN, '--eps', '0.3', '--steps', '1000000', ...R2D2_QUICK, '--progress', 'log'],
      (s) => {
        if (!sent && s.startsWith('rd curve: r2d2 (')) {
          sent = true;
          // As a real signal does, arriving between training steps.
          setImmediate(() => {
            target.emit('SIGINT');
            target.emit('SIGINT');
          });
        }
      },
    );
    expect(r.code).toBe(130);
    expect(exits).toBe(1);
    expect(target.listenerCount('SIGINT')).toBe(0);
    expect(r.out).toBe('');
    const file = join(dir, 'rd-curve.checkpoint.json');
    const last = r.err.trim().split('\n').at(-1)!;
    expect(last).toBe(
      `rd: training interrupted (r2d2 after ${JSON.parse(readFileSync(file, 'utf8')).methods.r2d2.progress.steps} steps this run, ` +
        `${JSON.parse(readFileSync(file, 'utf8')).methods.r2d2.progress.steps} in all); checkpoint written to ${file}. Continue with the same command plus --resume ${file}`,
    );
    const steps = JSON.parse(readFileSync(file, 'utf8')).methods.r2d2.progress.steps as number;
    expect(steps).toBeGreaterThanOrEqual(1);
    expect(steps).toBeLessThan(1000000);
    expect(r.err).toContain('stopping after the current step');

    // Resuming from the named file continues the same model.
    const resumed = await rd(quickCurve('r2d2', '0.3', steps + 2, '--resume', file, '--json'));
    expect(resumed.code).toBe(0);
    expect((JSON.parse(resumed.out) as Result).train).toMatchObject({ steps: 2, totalSteps: steps + 2 });
  });

  /**
   * `rd curve` on a two-eps WGD curve that would run for hours, interrupted (SIGINT) once every model in `models` has
   * logged a step, so that each of them has a state to save in `checkpoint`.
   */
  async function interruptedWgdCurve(checkpoint: string, models: readonly string[], extra: readonly string[] = []) {
    const target = new EventEmitter();
    Object.assign(curveInterrupts, { target, exitNow: () => {} });
    const seen = new Set<string>();
    let sent = false;
    return rd(
      [
        'curve',
        '--source',
        GAUSSIAN,
        '--method',
        'wgd',
        '--eps',
        '0.3,0.6',
        '--steps',
        '100000',
        '--batch-size',
        '32',
        '--backend',
        'cpu',
        ...extra,
        '--progress',
        'log',
        '--checkpoint',
        checkpoint,
      ],
      (s) => {
        for (const m of models) if (s.includes(m)) seen.add(m);
        if (!sent && seen.size === models.length) {
          sent = true;
          setImmediate(() => target.emit('SIGINT'));
        }
      },
    );
  }

  it('an abort in a per-eps method with --checkpoint writes the finished models and the one in progress', async () => {
    // One thread, so that model 1/2 alone is in progress (the default's threads are the --workers 2 test below).
    const r = await interruptedWgdCurve('wgd.json', ['model 1/2'], ['--workers', '1']);
    expect(r.code).toBe(130);
    expect(r.err).toContain(`--resume ${join(dir, 'wgd.json')}`);
    const saved = JSON.parse(readFileSync(join(dir, 'wgd.json'), 'utf8'));
    expect(saved).toMatchObject({
      format: 'ratedistortion/run-checkpoint',
      run: { methods: ['wgd'], eps: [0.3, 0.6] },
    });
    expect(saved.methods.wgd).toMatchObject({
      format: 'ratedistortion/per-eps-curve-checkpoint',
      method: 'wgd',
      eps: [0.3, 0.6],
      done: [],
    });
    expect(saved.methods.wgd.current.progress.steps).toBeGreaterThan(0);
  });

  it('Ctrl-C with --workers 2 stops both per-eps models; the checkpoint holds both, leaving no thread behind', async () => {
    // Both models must have logged a step (the threads start in either order), so each has a state to save.
    const r = await interruptedWgdCurve('wgd2.json', ['model 1/2', 'model 2/2'], ['--workers', '2']);
    expect(r.code).toBe(130);
    expect(WorkerPool.running).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'wgd2.json'), 'utf8')).methods.wgd;
    expect(saved.done).toEqual([]);
    expect(saved.current.progress.steps).toBeGreaterThan(0);
    expect(saved.later).toHaveLength(1);
    expect(saved.later[0]).toMatchObject({ index: 1, done: null });
    expect(saved.later[0].current.progress.steps).toBeGreaterThan(0);
  }, 60_000);

  it('prints periodic log lines on stderr when not on a terminal', async () => {
    const r = await rd(quickCurve('r2d2', '0.3', 20, '--progress', 'log', '--json'));
    expect(r.code).toBe(0);
    const lines = r.err.trim().split('\n');
    // The first report (step 1) and the target step (20); the 10-s interval does not come up in between.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^rd curve: r2d2 \((fixed|controlled) chain\) step 1\/20 {2}\d+\.\d steps\/s {2}ETA \S+ {2}loss -?\d+\.\d{4} {2}R̂ -?\d+\.\d{4} {2}D̂ \d+\.\d{4}$/,
    );
    expect(lines[1]).toMatch(/^rd curve: r2d2 \((fixed|controlled) chain\) step 20\/20 .* ETA 0s /);
    expect(r.err).not.toContain('\r');
  });

  it('--noise controlled trains the noise-controlled R2D2 (recorded in its checkpoint)', async () => {
    const file = join(dir, 'noise.json');
    const res = await rdJson<Result>(
      quickCurve('r2d2', '0.3,0.6', 3, '--noise', 'controlled', '--checkpoint', file, '--json'),
      { cwd: dir },
    );
    expect(res.points).toHaveLength(2);
    const ckpt = JSON.parse(readFileSync(file, 'utf8'));
    expect(ckpt.methods.r2d2.config.noise).toBe('controlled');
    expect(ckpt.run.options.r2d2.noise).toBe('controlled');
  });

  it('--memory-budget checkpoints the r2d2 rollout: the same curve to float32 rounding, the budget in the checkpoint', async () => {
    const file = join(dir, 'budget.json');
    const args = quickCurve('r2d2', '0.3,0.6', 3, '--json');
    const plain = await rd(args);
    const small = await rd([...args, '--memory-budget', '20KiB', '--checkpoint', file]);
    expect(small.err).toBe('');
    expect(small.code).toBe(0);
    const [a, b] = [plain, small].map((r) => (JSON.parse(r.out) as Result).points);
    b.forEach((p, k) => expect(Math.abs(p.rate - a[k].rate)).toBeLessThan(1e-4));
    expect(JSON.parse(readFileSync(file, 'utf8')).methods.r2d2.config.memoryBudget).toBe(20 * 1024);
  });

  it('--workers 2 trains r2d2 over two worker threads: the same curve as one to float32 rounding, and deterministic', async () => {
    const args = quickCurve('r2d2', '0.3,0.6', 2, '--json');
    const runs = [await rd(args), await rd([...args, '--workers', '2']), await rd([...args, '--workers', '2'])];
    for (const r of runs) expect([r.code, r.err]).toEqual([0, '']);
    const [one, two, again] = runs.map((r) => (JSON.parse(r.out) as Result).points);
    expect(again).toEqual(two);
    two.forEach((p, k) => expect(Math.abs(p.rate - one[k].rate)).toBeLessThan(1e-3));
  }, 120_000);

  it('--workers 2 and the default (the available cores, at most one per eps) train the wgd eps models to the curve of --workers 1, bit for bit; train.workers says how many threads trained', async () => {
    const args = ['curve', '--source', GAUSSIAN, '--method', 'wgd', '--eps', '0.3,0.6', '--steps', '4'];
    args.push('--batch-size', '32', '--backend', 'cpu', '--eval-batches', '2', '--progress', 'none', '--json');
    const runs = [await rd([...args, '--workers', '1']), await rd([...args, '--workers', '2']), await rd(args)];
    for (const r of runs) expect([r.code, r.err]).toEqual([0, '']);
    const [one, two, byDefault] = runs.map((r) => JSON.parse(r.out) as Result & { train: { workers: number } });
    expect(two.points).toEqual(one.points);
    expect(byDefault.points).toEqual(one.points);
    expect([one.train.workers, two.train.workers, byDefault.train.workers]).toEqual([
      1,
      2,
      Math.min(availableParallelism(), 8, 2),
    ]);
  }, 120_000);

  it('--batch, the former name of --batch-size, trains the same run', async () => {
    const run = async (flag: string) => {
      const args = R2D2_QUICK.map((a) => (a === '--batch-size' ? flag : a));
      const r = await rd(['curve', '--source', GAUSSIAN, '--eps', '0.3', '--steps', '2', ...args, '--json']);
      expect(r.code, r.err).toBe(0);
      return (JSON.parse(r.out) as Result).points;
    };
    expect(R2D2_QUICK).toContain('--batch-size');
    expect(await run('--batch')).toEqual(await run('--batch-size'));
    const help = await rd(['curve', '--help']);
    expect(help.out).toMatch(/--batch-size M +training batch size/);
    expect(help.out).toMatch(/--batch M +training batch size \(deprecated: former name of --batch-size\)/);
  });

  it('bad input: one line on stderr, exit code 2, nothing trained', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--method', 'vae', '--eps', '0.3', '--steps', '1'],
        /--method must be one of r2d2, nerd, wgd, ebrd, ba; got 'vae'/,
      ],
      [['--eps', '0.3,0', '--steps', '1'], /--eps must be > 0, got 0/],
      [['--eps-range', '0:0.5:3', '--steps', '1'], /--eps-range start must be > 0/],
      [['--eps', '0.3', '--steps', '1', '--seconds', '2'], /either --steps or --seconds, not both/],
      [['--eps', '0.3'], /missing --steps N or --seconds S \(the training budget of r2d2\)/],
      [['--method', 'r2d2,ba', '--eps', '0.3'], /training budget of r2d2\)/],
      [['--method', 'wgd', '--eps', '0.3', '--steps', '1', '--dt', '0.1'], /--dt is used by r2d2, not by wgd/],
      [['--method', 'wgd,wgd', '--eps', '0.3', '--steps', '1'], /lists 'wgd' twice/],
      [
        ['--eps', '0.3', '--steps', '1', '--batch', '32', '--batch-size', '32'],
        /--batch is the former name of --batch-size: give one of them/,
      ],
      [['--method', 'ba', '--eps', '0.3', '--batch', '32'], /--batch-size is used by r2d2, nerd, wgd, ebrd, not by ba/],
      [
        ['--eps', '0.3', '--steps', '1', '--noise', 'loud'],
        /--noise must be one of auto, fixed, controlled; got 'loud'/,
      ],
      [
        ['--method', 'wgd', '--eps', '0.3', '--steps', '1', '--noise', 'controlled'],
        /--noise is used by r2d2, not by wgd/,
      ],
      [
        ['--eps', '0.3', '--steps', '1', '--memory-budget', '512'],
        /--memory-budget expects a size with its unit such as 512MiB/,
      ],
      [['--eps', '0.3', '--steps', '1', '--hidden', '8y2'], /--hidden expects a number, got '8y2'/],
      [['--eps', '0.3', '--steps', '1', '--workers', '0'], /--workers/],
      [['--eps', '0.3', '--steps', '1', '--threads', '0'], /--threads/],
      [['--eps', '0.3', '--steps', '1', '--threads', '9'], /--threads/],
      [['--method', 'ba', '--eps', '0.3', '--workers', '2'], /--workers is used by r2d2, nerd, wgd, ebrd, not by ba/],
      [['--eps', '0.3', '--steps', '1', '--resume', 'missing.json'], /cannot read --resume file 'missing.json'/],
      [
        ['--method', 'ba', '--eps', '0.3', '--source', '{"kind":"gaussian","variance":1,"dim":3}'],
        /ba needs a 1-D or 2-D source/,
      ],
    ];
    for (const [extra, message] of cases) {
      const withSource = extra.includes('--source') ? extra : ['--source', GAUSSIAN, ...extra];
      const r = await rd(['curve', ...withSource, '--backend', 'cpu', '--progress', 'none']);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n'), extra.join(' ')).toHaveLength(1);
      expect(r.err).toMatch(message);
    }
    const noSource = await rd(['curve', '--eps', '0.3', '--steps', '1']);
    expect(noSource.code).toBe(2);
    expect(noSource.err).toBe("rd: missing --source SPEC. Run 'rd curve --help'.\n");
    expect(existsSync(join(dir, 'missing.json'))).toBe(false);
  });
});
