// Short-time Fourier transform magnitudes with the conventions of `tf.signal.stft`: frames start every
// `frameStep` samples, no end padding, periodic Hann window of `frameLength`, each frame zero-padded to
// `fftLength` (the next power of two by default), bins 0..fftLength/2.
import { InvalidParameterError, assertInteger, createFft } from '@ratedistortion/core';

/**
 * STFT magnitudes: `frames × bins`, row-major.
 *
 * @example
 * ```ts
 * import type { StftMagnitudes } from '@ratedistortion/datasets';
 * const s: StftMagnitudes = { frames: 0, bins: 33, data: new Float64Array(0) };
 * ```
 */
export interface StftMagnitudes {
  frames: number;
  bins: number;
  data: Float64Array;
}

/**
 * Periodic Hann window `w[n] = ½ − ½ cos(2πn/N)`, n = 0..N−1 (the `periodic=True` window of tf.signal).
 *
 * @example
 * ```ts
 * import { periodicHann } from '@ratedistortion/datasets';
 * console.log(periodicHann(4)); // [0, 0.5, 1, 0.5]
 * ```
 */
export function periodicHann(length: number): Float64Array {
  assertInteger('length', length, 1);
  const w = new Float64Array(length);
  for (let n = 0; n < length; n++) w[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / length);
  return w;
}

/**
 * `|STFT|` of a real signal: frame t covers samples `[t·step, t·step + frameLength)`, t = 0..⌊(L−frameLength)/step⌋
 * (no frame when the signal is shorter than one frame), multiplied by the periodic Hann window, zero-padded to
 * `fftLength` and transformed with `X_k = Σ x_n e^{−2πikn/fftLength}`, k = 0..fftLength/2.
 *
 * @example
 * ```ts
 * import { stftMagnitude } from '@ratedistortion/datasets';
 * const x = Float64Array.from({ length: 200 }, (_, n) => Math.sin(2 * Math.PI * 8 * n / 64));
 * const s = stftMagnitude(x, { frameLength: 63, frameStep: 1 });
 * console.log(s.frames, s.bins); // 138 33
 * ```
 */
export function stftMagnitude(
  signal: ArrayLike<number>,
  opts: { frameLength: number; frameStep: number; fftLength?: number },
): StftMagnitudes {
  const { frameLength, frameStep } = opts;
  assertInteger('frameLength', frameLength, 1);
  assertInteger('frameStep', frameStep, 1);
  let fftLength = opts.fftLength ?? 2;
  if (opts.fftLength === undefined) while (fftLength < frameLength) fftLength *= 2;
  assertInteger('fftLength', fftLength, 2);
  if ((fftLength & (fftLength - 1)) !== 0)
    throw new InvalidParameterError('fftLength', 'a power of two >= 2', fftLength);
  if (fftLength < frameLength)
    throw new InvalidParameterError('fftLength', `a power of two >= frameLength = ${frameLength}`, fftLength);
  const bins = fftLength / 2 + 1;
  const frames = signal.length < frameLength ? 0 : Math.floor((signal.length - frameLength) / frameStep) + 1;
  const data = new Float64Array(frames * bins);
  const w = periodicHann(frameLength);
  const fft = createFft(fftLength);
  const frame = new Float64Array(fftLength);
  const out = new Float64Array(2 * fftLength);
  for (let t = 0; t < frames; t++) {
    const o = t * frameStep;
    for (let n = 0; n < frameLength; n++) frame[n] = signal[o + n] * w[n];
    fft.realTransform(out, frame);
    for (let k = 0; k < bins; k++) data[t * bins + k] = Math.hypot(out[2 * k], out[2 * k + 1]);
  }
  return { frames, bins, data };
}
