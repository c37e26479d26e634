// R2D2's training rollout as ONE tfjs op with a hand-written backward pass through time (internal).
//
// The controller of controller.ts (LeakyReLU/ReLU layers, folded input and output scaling, optional gain head and
// Gaussian warm start) driving the Euler–Maruyama chain with fixed or controlled noise, over all time steps of the
// grid, is a single custom-gradient node of the tape instead of ≈ 70 taped kernels per time step. Forward: the same
// kernels as the taped rollout (fused matMul + PReLU per layer, the Euler update), untaped, keeping per time step the
// layer outputs (and, with noise control, the gains' factors). Backward: a reverse loop over the time steps that
// carries the state's cotangent dx_t and computes each layer's dz_t with plain ops. The hidden layers' weight
// gradients are hᵀ·dz per step (summed by AddN; the bias gradient reuses dz's packed operand); with d = 1 the first
// layer's and the heads' are element-wise products (x ⊙ dz, dz, τ·dz, h ⊙ du) summed by AddN over the steps and over
// the rows once per segment, which avoids two of tfjs-wasm's per-product packings of a fresh 512 × 128 operand per time
// step; with d > 1 they are per-step products xᵀ·dz0 and duᵀ·h_L summed like the hidden layers'. One product over the
// stacked rows of all steps costs more on tfjs-wasm (the stacking copies, and XNNPACK packs the stacked operand as it
// packs the per-step ones, then streams it once per few rows of a d-row product; docs/speed.md).
//
// Output: X1 with the per-sample control energy ½ Σ_i ‖u_i‖² Δt_i (and the noise-control cost
// Σ_i ½ Σ_j (g_ij² − 1 − 2 log g_ij)) as extra columns, as core's solveSdeCheckpointedTf returns them; the TEC loss
// takes their batch means. Segments of `segmentSteps` time steps bound the memory as the checkpointed solver does:
// with more than one segment the forward pass keeps only the segment start states and the backward pass recomputes
// one segment at a time.
//
// X1 equals the taped rollout's (the same kernels on the same inputs); the energies and every gradient equal the
// tape's to float32 rounding (summed in another order; fused-rollout.test.ts).
import {
  BrownianIncrements,
  swapLastAxesTf as swap,
  type Random,
  tf,
  type BrownianSource,
  type TimeGrid,
} from '@ratedistortion/core';

/**
 * Internal settings: `enabled` (tests and benchmarks compare against the taped rollout) and the bytes of per-step
 * hidden-layer gradients the backward pass holds before summing them (wide layers: 4 MB per step for 1024 × 1024).
 */
export const fusedRolloutState = { enabled: true, pendingGradientBytes: 32 * 2 ** 20 };

/** What the fused rollout needs to know of the controller (see controller.ts for the layout of `inputs`). */
export interface FusedControllerLayout {
  dim: number;
  /** Hidden widths. */
  hidden: readonly number[];
  /** LeakyReLU slope (0 for ReLU). */
  alpha: number;
  noiseControl: boolean;
  gaussian: boolean;
}

/** Options of {@link fusedRolloutTf}. */
export interface FusedRolloutOptions {
  layout: FusedControllerLayout;
  /** The rollout's layers (ControllerRollout.inputs). */
  inputs: readonly tf.Tensor[];
  x0: tf.Tensor2D;
  /** √eps. */
  sigma: number;
  /** The grid of the controller's Gaussian tables (one table row per step). */
  grid: TimeGrid;
  rng?: Random;
  brownian?: BrownianSource;
  /** The noise gains' basis V (controlled chain; null: the identity). Not disposed. */
  basis: tf.Tensor2D | null;
  segmentSteps: number;
}

/** Result: new tensors owned by the caller. */
export interface FusedRolloutResult {
  x1: tf.Tensor2D;
  energy: tf.Tensor1D;
  noiseCost: tf.Tensor1D | null;
}

/** Whether the fused rollout covers a controller with this activation on this scheme. */
export function fusedRolloutApplies(activation: string, scheme: string): boolean {
  return (
    fusedRolloutState.enabled && (activation === 'leaky-relu' || activation === 'relu') && scheme === 'euler-maruyama'
  );
}

type T3 = tf.Tensor3D;

/** The per-call constants built from the layers (inside the op's forward or backward scope). */
interface Prepared {
  /** Rank-3 weights of the hidden stack, layer 0 first (W_x folded). */
  w3: T3[];
  /** Biases of layers 1.. (layer 0's are per step, from `timeBias`). */
  b: tf.Tensor1D[];
  /** Layer 0's bias of every step, flattened [steps·h0]. */
  timeBias: tf.Tensor1D;
  /** PReLU slopes per layer (wasm and cpu). */
  slopes: (tf.Tensor1D | null)[];
  wOut3: T3;
  bOut: tf.Tensor1D;
  gW3: T3 | null;
  gB: tf.Tensor1D | null;
  /** Gaussian tables: M_k [steps, d, d], b_k flattened [steps·d], log gains [steps, 1, d]. */
  gM3: T3 | null;
  gB1: tf.Tensor1D | null;
  gL3: T3 | null;
  /** Vᵀ (rank 3) for the controlled chain's rotation. */
  basisT3: T3 | null;
}

/** What one time step keeps for the backward pass. */
interface StepRecord {
  x: T3;
  h: T3[];
  u: T3;
  /**
   * Controlled chain: the log gain s, σ(−raw) (the gain head's derivative), e^s ⊙ σΔW (before the rotation) and
   * e^{2s} − 1 (the cost's derivative).
   */
  s?: T3;
  sg?: T3;
  pre?: T3;
  q?: T3;
}

/**
 * Roll the controller out over the whole grid as one op (see the file header). Call inside tf.variableGrads; the
 * gradients reach `inputs` (and x0).
 */
export function fusedRolloutTf(o: FusedRolloutOptions): FusedRolloutResult {
  const { layout, inputs, x0, grid, basis } = o;
  const [n, d] = x0.shape;
  const times = grid.times;
  const steps = times.length - 1;
  const L = layout.hidden.length;
  const controlled = layout.noiseControl;
  const gaussian = layout.gaussian;
  const alpha = layout.alpha;
  const webgpu = tf.getBackend() === 'webgpu';
  const nParams = inputs.length;
  const segment = Math.max(1, Math.min(steps, o.segmentSteps));
  const segments = Math.ceil(steps / segment);
  const h = Float64Array.from({ length: steps }, (_, i) => times[i + 1] - times[i]);
  const tau = Float32Array.from({ length: steps }, (_, i) => 2 * times[i] - 1);

  // The scaled increments of every step, drawn once (the recomputation reuses them), as the plain solvers draw them.
  const brownian = o.brownian ?? new BrownianIncrements(o.rng as Random, { n, dim: d, grid });
  const dW = new Float64Array(n * d);
  const noises: Float32Array[] = [];
  for (let i = 0; i < steps; i++) {
    brownian.increment(i, dW);
    const noise = new Float32Array(n * d);
    for (let k = 0; k < noise.length; k++) noise[k] = o.sigma * dW[k];
    noises.push(noise);
  }

  const prepare = (p: readonly tf.Tensor[]): Prepared => {
    const hidden = L - 1;
    const out = 3 + 2 * hidden;
    const w3: T3[] = [tf.reshape(p[0], [1, d, layout.hidden[0]])];
    const b: tf.Tensor1D[] = [];
    for (let l = 0; l < hidden; l++) {
      w3.push(tf.reshape(p[3 + l], [1, layout.hidden[l], layout.hidden[l + 1]]));
      b.push(rank1(p[3 + hidden + l] as tf.Tensor1D));
    }
    const h0 = layout.hidden[0];
    const timeBias = tf.reshape(tf.add(tf.mul(tf.reshape(p[1], [1, h0]), tf.tensor2d(tau, [steps, 1])), p[2]), [
      steps * h0,
    ]) as tf.Tensor1D;
    const slopes = layout.hidden.map((w) => (webgpu ? null : (tf.fill([w], alpha) as tf.Tensor1D)));
    const hL = layout.hidden[L - 1];
    const g0 = out + 2 + (controlled ? 2 : 0);
    return {
      w3,
      b,
      timeBias,
      slopes,
      wOut3: tf.reshape(p[out], [1, hL, d]),
      bOut: rank1(p[out + 1] as tf.Tensor1D),
      gW3: controlled ? tf.reshape(p[out + 2], [1, hL, d]) : null,
      gB: controlled ? rank1(p[out + 3] as tf.Tensor1D) : null,
      gM3: gaussian ? tf.reshape(p[g0], [steps, d, d]) : null,
      gB1: gaussian ? (tf.reshape(p[g0 + 1], [steps * d]) as tf.Tensor1D) : null,
      gL3: gaussian && controlled ? tf.reshape(p[g0 + 2], [steps, 1, d]) : null,
      basisT3: controlled && basis ? tf.reshape(tf.transpose(basis), [1, d, d]) : null,
    };
  };

  /** act(a·w + bias) as the fused layers of core's denseTf compute it. */
  const dense = (a: T3, w: T3, bias: tf.Tensor1D, slopes: tf.Tensor1D | null, leaky: boolean): T3 => {
    const kernelInputs: Record<string, tf.Tensor> = { a, b: w, bias };
    if (leaky && !webgpu) kernelInputs.preluActivationWeights = slopes as tf.Tensor1D;
    return tf.engine().runKernel(
      tf._FusedMatMul,
      kernelInputs as unknown as tf.NamedTensorMap,
      {
        transposeA: false,
        transposeB: false,
        activation: leaky ? (webgpu ? 'leakyrelu' : 'prelu') : 'linear',
        leakyreluAlpha: alpha,
      } as unknown as tf.NamedAttrMap,
    ) as T3;
  };

  /** One time step from x: X_{i+1}, and what the backward pass needs. Call inside tf.tidy. */
  const step = (P: Prepared, x: T3, i: number): { next: T3; rec: StepRecord } => {
    const h0 = layout.hidden[0];
    let a = dense(x, P.w3[0], tf.slice(P.timeBias, [i * h0], [h0]), P.slopes[0], true);
    const hs: T3[] = [a];
    for (let l = 1; l < L; l++) {
      a = dense(a, P.w3[l], P.b[l - 1], P.slopes[l], true);
      hs.push(a);
    }
    let u = dense(a, P.wOut3, P.bOut, null, false);
    if (gaussian) {
      const mk = tf.slice(P.gM3 as T3, [i, 0, 0], [1, d, d]);
      const bk = tf.slice(P.gB1 as tf.Tensor1D, [i * d], [d]);
      u = tf.add(u, dense(x, mk, bk, null, false));
    }
    const noise = tf.tensor3d(noises[i], [1, n, d]);
    const drift = tf.add(x, tf.mul(u, h[i]));
    if (!controlled) return { next: tf.add(drift, noise), rec: { x, h: hs, u } };
    const raw = dense(a, P.gW3 as T3, P.gB as tf.Tensor1D, null, false);
    const negRaw = tf.neg(raw);
    let s = tf.sub(Math.LN2, tf.softplus(negRaw)) as T3;
    if (gaussian) s = tf.add(s, tf.slice(P.gL3 as T3, [i, 0, 0], [1, 1, d]));
    const es = tf.exp(s);
    const pre = tf.mul(es, noise) as T3;
    const rotated = P.basisT3 ? tf.matMul(pre, P.basisT3) : pre;
    return {
      next: tf.add(drift, rotated),
      rec: { x, h: hs, u, s, sg: tf.sigmoid(negRaw), pre, q: tf.sub(tf.square(es), 1) },
    };
  };

  /** ½ Σ_i Δt_i ‖u_i‖² per sample over the records and (controlled) ½ Σ_i Σ_j (e^{2s} − 1 − 2s), as [n, 1 or 2]. */
  const costs = (recs: StepRecord[], from: number): tf.Tensor2D =>
    tf.tidy(() => {
      const k = recs.length;
      const halfH = tf.tensor3d(
        Float32Array.from({ length: k }, (_, j) => 0.5 * h[from + j]),
        [k, 1, 1],
      );
      const energy = tf.sum(tf.mul(tf.square(tf.concat(recs.map((r) => r.u))), halfH), [0, 2]);
      const columns = [tf.reshape(energy, [n, 1])];
      if (controlled) {
        // As core's noiseControlCostPerSampleTf computes it from the log gains.
        const s2 = tf.mul(tf.concat(recs.map((r) => r.s as T3)), 2);
        columns.push(tf.reshape(tf.mul(tf.sum(tf.sub(tf.sub(tf.exp(s2), 1), s2), [0, 2]), 0.5), [n, 1]));
      }
      return (columns.length === 1 ? columns[0] : tf.concat(columns, 1)) as tf.Tensor2D;
    });

  /**
   * Steps [from, to) from `start`: the end state, the summed running costs [n, 1 or 2] (when `withCosts`) and, when
   * `keep`, every step's record (its tensors kept out of the tidies).
   */
  const runSegment = (
    P: Prepared,
    start: T3,
    from: number,
    to: number,
    keep: boolean,
    withCosts: boolean,
  ): { end: T3; costs: tf.Tensor2D | null; recs: StepRecord[] | null } => {
    let x = start;
    const recs: StepRecord[] = [];
    let total: tf.Tensor2D | null = null;
    const chunk: StepRecord[] = [];
    const flush = (upTo: number): void => {
      if (chunk.length === 0) return;
      const c = costs(chunk, upTo - chunk.length);
      const sum: tf.Tensor2D = total ? (tf.add(total, c) as tf.Tensor2D) : c;
      if (total) tf.dispose([total, c]);
      total = sum;
      if (!keep) for (const r of chunk) disposeRecord(r, false);
      chunk.length = 0;
    };
    for (let i = from; i < to; i++) {
      const prev = x;
      const { next, rec } = tidy(() => step(P, prev, i));
      if (keep) recs.push(rec);
      else if (withCosts) chunk.push(rec);
      else disposeRecord(rec, false);
      // Without records a state is needed only by the next step (the costs read u and s).
      if (!keep && prev !== start) prev.dispose();
      if (keep && withCosts) chunk.push(rec);
      x = next;
      // Without records the costs are summed every few steps (a bounded number of live drifts).
      if (!keep && chunk.length === 16) flush(i + 1);
    }
    if (withCosts) flush(to);
    return { end: x, costs: total, recs: keep ? recs : null };
  };

  /** A record's tensors other than its state x. */
  function disposeRecord(rec: StepRecord, withState: boolean): void {
    tf.dispose([...(withState ? [rec.x] : []), ...rec.h, rec.u, ...[rec.s, rec.sg, rec.pre, rec.q].filter(isTensor)]);
  }

  const rollout = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const start = tf.reshape(args[0] as tf.Tensor, [1, n, d]) as T3;
    const params = args.slice(1, 1 + nParams) as tf.Tensor[];
    const P = prepare(params);
    const starts: T3[] = [];
    let x = start;
    let total: tf.Tensor2D | null = null;
    let recs: StepRecord[] | null = null;
    for (let s = 0; s < segments; s++) {
      const from = s * segment;
      const to = Math.min(steps, from + segment);
      if (s > 0) starts.push(x);
      const r = runSegment(P, x, from, to, segments === 1, true);
      if (segments === 1) recs = r.recs;
      const c = r.costs as tf.Tensor2D;
      total = total ? (tf.add(total, c) as tf.Tensor2D) : c;
      x = r.end;
    }
    const value = tf.concat([tf.reshape(x, [n, d]), total as tf.Tensor2D], 1) as tf.Tensor2D;
    // Saved (kept by the tape only while it records): x0, the layers, the segment starts, and (one segment) the
    // records of every step.
    const flat: tf.Tensor[] = [];
    if (recs) for (const r of recs) flat.push(r.x, ...r.h, r.u, ...[r.s, r.sg, r.pre, r.q].filter(isTensor));
    save([args[0] as tf.Tensor, ...params, ...starts, ...flat]);
    return {
      value,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) =>
        tf.tidy(() => backward(dy, saved, segments === 1 ? recordsFrom(saved.slice(1 + nParams)) : null)),
    };
  });

  /** The records of a one-segment forward pass from the saved list (as flattened there). */
  const recordsFrom = (flat: tf.Tensor[]): StepRecord[] => {
    const per = 2 + L + (controlled ? 4 : 0);
    return Array.from({ length: steps }, (_, i) => {
      const f = flat.slice(i * per, (i + 1) * per) as T3[];
      const rec: StepRecord = { x: f[0], h: f.slice(1, 1 + L), u: f[1 + L] };
      if (controlled) [rec.s, rec.sg, rec.pre, rec.q] = f.slice(2 + L);
      return rec;
    });
  };

  /** op(a)·op(b) with the transposes explicit on the CPU backends (their matMul with flags is the slow path). */
  const mm = (a: tf.Tensor, ta: boolean, b: tf.Tensor, tb: boolean): T3 =>
    webgpu ? tf.matMul(a as T3, b as T3, ta, tb) : tf.matMul((ta ? swap(a) : a) as T3, (tb ? swap(b) : b) as T3);

  const backward = (dy: tf.Tensor2D, saved: tf.Tensor[], oneSegment: StepRecord[] | null): tf.Tensor[] => {
    const params = saved.slice(1, 1 + nParams);
    const starts = [tf.reshape(saved[0], [1, n, d]) as T3, ...(saved.slice(1 + nParams, nParams + segments) as T3[])];
    const P = prepare(params);
    // Transposed constants for dx = dz·Wᵀ (webgpu's shader reads the layout itself).
    const wT = P.w3.map((w) => (webgpu ? w : (swap(w) as T3)));
    const wOutT = webgpu ? P.wOut3 : (swap(P.wOut3) as T3);
    const gWT = P.gW3 ? (webgpu ? P.gW3 : (swap(P.gW3) as T3)) : null;
    const gMT = P.gM3 ? (webgpu ? P.gM3 : (tf.transpose(P.gM3, [0, 2, 1]) as T3)) : null;
    const basis3 = controlled && basis ? (tf.reshape(basis, [1, d, d]) as T3) : null;
    let gx = tf.reshape(tf.slice(dy, [0, 0], [n, d]), [1, n, d]) as T3;
    const gE = tf.reshape(tf.slice(dy, [0, d], [n, 1]), [1, n, 1]) as T3;
    const gC = controlled ? (tf.reshape(tf.slice(dy, [0, d + 1], [n, 1]), [1, n, 1]) as T3) : null;
    // gE·Δt_i, made once per distinct step size in float32 (tf.mul rounds Δt_i so; one on a uniform grid).
    const gEh = new Map<number, T3>();
    for (const hi of h) if (!gEh.has(Math.fround(hi))) gEh.set(Math.fround(hi), tf.mul(gE, hi));
    const energyCotangent = (i: number): T3 => gEh.get(Math.fround(h[i])) as T3;
    const grads: (tf.Tensor | null)[] = params.map(() => null);
    const hidden = L - 1;
    const out = 3 + 2 * hidden;
    const onesN = tf.ones([1, 1, n]);
    const elementwise = d === 1;
    // The first layer's output transposed for the next layer's weight gradient, h0ᵀ = act(w_xᵀ·xᵀ + b_i), from x
    // (for d = 1 element-wise, w_x ⊗ xᵀ: the same values as the layer's) instead of a transpose of h0 (≈ 0.3 ms CPU
    // per time step on wasm, against ≈ 0.1–0.2 ms for these four or five small kernels).
    const firstT =
      L > 1
        ? (() => {
            const h0 = layout.hidden[0];
            const wCol = d === 1 ? tf.reshape(P.w3[0], [1, h0, 1]) : (swap(P.w3[0]) as T3);
            const biasCols = tf.reshape(P.timeBias, [steps, h0, 1]) as T3;
            const slopes = tf.fill([n], alpha);
            // xT: x transposed ([1, d, n]; d > 1 only, where the step needs it for the first layer's dW as well).
            return (x: T3, xT: T3 | null, i: number): T3 => {
              const pre = d === 1 ? tf.mul(wCol, tf.reshape(x, [1, 1, n])) : tf.matMul(wCol, xT as T3);
              return tf.prelu(tf.add(pre, tf.slice(biasCols, [i, 0, 0], [1, h0, 1])), slopes) as T3;
            };
          })()
        : null;
    for (let s = segments - 1; s >= 0; s--) {
      const from = s * segment;
      const to = Math.min(steps, from + segment);
      const recs = oneSegment ?? (runSegment(P, starts[s], from, to, true, false).recs as StepRecord[]);
      const k = to - from;
      const du = new Array<T3>(k);
      const draw = controlled ? new Array<T3>(k) : null;
      // The hidden layers' per-step weight and bias gradients, summed by one AddN per segment, or earlier whenever the
      // pending ones would hold more than fusedRolloutState.pendingGradientBytes.
      const wStep: T3[][] = layout.hidden.map(() => []);
      const bStep: T3[][] = layout.hidden.map(() => []);
      // d = 1: the first layer's and the heads' weight gradients as element-wise products per step (x ⊙ dz0, dz0,
      // τ·dz0, h_L ⊙ du, h_L ⊙ draw), summed over the steps like the lists above and over the rows once at the end.
      // d > 1: per-step products xᵀ·dz0 and [du | draw]ᵀ·h_L (each packs one fresh n × width operand, which costs
      // less than packing the stacked rows of all steps once: benchmarks/speed/first-layer-gradient.ts).
      const terms: T3[][] = Array.from({ length: elementwise ? (controlled ? 5 : 4) : 2 }, () => []);
      // d > 1: the first layer's per-step bias gradients 1ᵀ·dz0, kept apart (never summed early) for the time weight's
      // gradient Σ_i τ_i·1ᵀ·dz0_i.
      const firstBiasRows = new Array<T3>(elementwise ? 0 : k);
      let pendingBytes = 0;
      const collapse = (): void => {
        for (const list of [...wStep, ...bStep, ...terms]) {
          if (list.length < 2) continue;
          const sum = tf.addN(list) as T3;
          tf.dispose(list);
          list.length = 0;
          list.push(sum);
        }
        pendingBytes = 0;
      };
      for (let j = k - 1; j >= 0; j--) {
        const i = from + j;
        const r = recs[j];
        const g = gx;
        const result = tidy(() => {
          // u enters X_{i+1} (times Δt) and the energy ½Δt‖u‖² (cotangent gE per sample).
          const dui = tf.add(tf.mul(g, h[i]), tf.mul(r.u, energyCotangent(i))) as T3;
          let dh = mm(dui, false, wOutT, webgpu);
          let dx: T3 = g;
          let dri: T3 | null = null;
          if (controlled) {
            // X_{i+1} += (e^s ⊙ σΔW)·Vᵀ; the cost ½(e^{2s} − 1 − 2s) has derivative e^{2s} − 1 = q.
            const dpre = basis3 ? (tf.matMul(g, basis3) as T3) : g;
            const ds = tf.add(tf.mul(dpre, r.pre as T3), tf.mul(r.q as T3, gC as T3));
            dri = tf.mul(ds, r.sg as T3) as T3;
            dh = tf.add(dh, mm(dri, false, gWT as T3, webgpu)) as T3;
          }
          if (gaussian) {
            const mkT = tf.slice(gMT as T3, [i, 0, 0], [1, d, d]);
            dx = tf.add(dx, mm(dui, false, mkT, webgpu)) as T3;
          }
          const dzs: T3[] = [];
          const wg: T3[] = [];
          const xT = elementwise ? null : (swap(r.x) as T3);
          for (let l = L - 1; l >= 0; l--) {
            const dzl = tf.mul(dh, tf.step(r.h[l], alpha)) as T3;
            dzs[l] = dzl;
            if (l > 0) {
              wg[2 * l] = firstT && l === 1 ? tf.matMul(firstT(r.x, xT, i), dzl) : mm(r.h[l - 1], true, dzl, false);
              wg[2 * l + 1] = tf.matMul(onesN, dzl);
            }
            dh = mm(dzl, false, wT[l], webgpu);
          }
          const hl = r.h[L - 1];
          // d > 1: xᵀ·dz0 first, so that 1ᵀ·dz0 finds dz0 packed (tfjs-wasm caches the packing by b's buffer).
          const products = (
            elementwise
              ? [
                  tf.mul(dzs[0], r.x),
                  dzs[0],
                  tf.mul(dzs[0], tau[i]),
                  tf.mul(hl, dui),
                  ...(dri ? [tf.mul(hl, dri)] : []),
                ]
              : [tf.matMul(xT as T3, dzs[0]), tf.matMul(swap(dri ? tf.concat([dui, dri], 2) : dui) as T3, hl)]
          ) as T3[];
          const biasRow = elementwise ? null : (tf.matMul(onesN, dzs[0]) as T3);
          return { next: tf.add(dx, dh) as T3, dui, dri, wg, products, biasRow };
        });
        g.dispose();
        result.products.forEach((t, q) => {
          terms[q].push(t);
          pendingBytes += 4 * t.size;
        });
        if (result.biasRow) firstBiasRows[j] = result.biasRow;
        gx = result.next;
        du[j] = result.dui;
        if (draw) draw[j] = result.dri as T3;
        for (let l = 1; l < L; l++) {
          wStep[l].push(result.wg[2 * l]);
          bStep[l].push(result.wg[2 * l + 1]);
          pendingBytes += 4 * (result.wg[2 * l].size + result.wg[2 * l + 1].size);
        }
        if (pendingBytes > fusedRolloutState.pendingGradientBytes) collapse();
      }
      // The weight gradients of the segment.
      const segmentGrads = tf.tidy(() => {
        const found: tf.Tensor[] = params.map(() => tf.scalar(0));
        const accumulate = (index: number, g: tf.Tensor): void => {
          found[index] = g;
        };
        const rows = k * n;
        const stack = (ts: T3[]): T3 => (ts.length === 1 ? ts[0] : (tf.concat(ts, 1) as T3));
        const ones = tf.ones([1, 1, rows]);
        const h0 = layout.hidden[0];
        const hL = layout.hidden[L - 1];
        const acc = terms.map((list) => (list.length === 1 ? list[0] : (tf.addN(list) as T3)));
        // Layer 0 as [dW_x; dc0; dw_t] ([1, d + 2, h0]). d = 1: the row sums of the summed products; d > 1: the summed
        // xᵀ·dz0 and [1; τ]·(the per-step rows 1ᵀ·dz0).
        const sums = elementwise
          ? (tf.reshape(tf.matMul(onesN, tf.concat(acc, 2)), [acc.length, -1]) as tf.Tensor2D)
          : null;
        const onesTau = new Float32Array(2 * k);
        for (let j = 0; j < k; j++) [onesTau[j], onesTau[k + j]] = [1, tau[from + j]];
        const first = sums
          ? (tf.reshape(tf.slice(sums, [0, 0], [3, h0]), [1, 3, h0]) as T3)
          : (tf.concat([acc[0], tf.matMul(tf.tensor3d(onesTau, [1, 2, k]), stack(firstBiasRows))], 1) as T3);
        accumulate(0, tf.reshape(tf.slice(first, [0, 0, 0], [1, d, h0]), [d, h0]));
        accumulate(2, tf.reshape(tf.slice(first, [0, d, 0], [1, 1, h0]), [h0]));
        accumulate(1, tf.reshape(tf.slice(first, [0, d + 1, 0], [1, 1, h0]), [h0]));
        for (let l = 1; l < L; l++) {
          const sum = (list: T3[]): tf.Tensor => (list.length === 1 ? tf.clone(list[0]) : tf.addN(list));
          accumulate(3 + (l - 1), tf.reshape(sum(wStep[l]), [layout.hidden[l - 1], layout.hidden[l]]));
          accumulate(3 + hidden + (l - 1), tf.reshape(sum(bStep[l]), [layout.hidden[l]]));
        }
        // Heads: ([DU | DRAW]ᵀ·H_L)ᵀ (the wide stacked activations as the product's second operand).
        const dus = stack(du);
        const heads = draw ? (tf.concat([dus, stack(draw)], 2) as T3) : dus;
        const cols = draw ? 2 * d : d;
        const hw = sums ? tf.transpose(tf.slice(sums, [3, 0], [cols, hL])) : tf.reshape(swap(acc[1]), [hL, cols]);
        const bw = tf.reshape(tf.matMul(ones, heads), [cols]);
        accumulate(out, draw ? tf.slice(hw, [0, 0], [hL, d]) : hw);
        accumulate(out + 1, draw ? tf.slice(bw, [0], [d]) : bw);
        if (draw) {
          accumulate(out + 2, tf.slice(hw, [0, d], [hL, d]));
          accumulate(out + 3, tf.slice(bw, [d], [d]));
        }
        return found;
      });
      segmentGrads.forEach((g, index) => {
        const prev = grads[index];
        if (g.rank === 0) {
          g.dispose();
          return;
        }
        grads[index] = prev ? tf.add(prev, g) : g;
        if (prev) tf.dispose([prev, g]);
      });
      tf.dispose([...firstBiasRows, ...du, ...(draw ?? []), ...wStep.flat(), ...bStep.flat(), ...terms.flat()]);
      if (!oneSegment) for (const r of recs) disposeRecord(r, r.x !== starts[s]);
    }
    return [
      tf.reshape(gx, [n, d]),
      ...params.map((p, k) => {
        const g = grads[k];
        return g ? tf.reshape(g, p.shape) : tf.zerosLike(p);
      }),
    ];
  };

  const packed = rollout(x0, ...inputs) as tf.Tensor2D;
  try {
    return tidy(() => ({
      x1: tf.slice(packed, [0, 0], [n, d]) as tf.Tensor2D,
      energy: tf.reshape(tf.slice(packed, [0, d], [n, 1]), [n]) as tf.Tensor1D,
      noiseCost: controlled ? (tf.reshape(tf.slice(packed, [0, d + 1], [n, 1]), [n]) as tf.Tensor1D) : null,
    }));
  } finally {
    packed.dispose();
  }
}

/** tf.tidy for results that are records of tensors (tidy keeps every tensor it finds in the returned object). */
function tidy<R>(f: () => R): R {
  return tf.tidy(f as unknown as () => tf.TensorContainer) as unknown as R;
}

function isTensor<T extends tf.Tensor>(t: T | null | undefined): t is T {
  return t instanceof tf.Tensor;
}

/** A bias in a buffer created rank-1 (tfjs-wasm's fused matMul reads the rank of the buffer's registration). */
function rank1(b: tf.Tensor1D): tf.Tensor1D {
  return tf.add(tf.reshape(b, [b.size]), tf.scalar(0)) as tf.Tensor1D;
}
