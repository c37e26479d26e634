import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random } from '@ratedistortion/core';
import { DatasetFileError } from '../errors/dataset-file-error.js';
import { momentZScores } from '../source/moment-check.js';
import { FSDD_SETTINGS, fsddFeatures, fsddFileNames, loadFreeSpokenDigits, whiteningOf } from './fsdd.js';
import { periodicHann, stftMagnitude } from './stft.js';
import { decodeWav, encodeWav16 } from './wav.js';

const reference = JSON.parse(readFileSync(new URL('../fixtures/reference.json', import.meta.url), 'utf8'));
const toneWav = readFileSync(new URL('../fixtures/tone.wav', import.meta.url));

/** Direct O(N²) DFT magnitude of one windowed, zero-padded frame. */
function directDftMagnitude(frame: ArrayLike<number>, nfft: number): Float64Array {
  const out = new Float64Array(nfft / 2 + 1);
  for (let k = 0; k <= nfft / 2; k++) {
    let re = 0;
    let im = 0;
    for (let n = 0; n < frame.length; n++) {
      re += frame[n] * Math.cos((2 * Math.PI * k * n) / nfft);
      im -= frame[n] * Math.sin((2 * Math.PI * k * n) / nfft);
    }
    out[k] = Math.hypot(re, im);
  }
  return out;
}

describe('WAV decoding', () => {
  it('reads the scipy-written fixture with tf.audio.decode_wav scaling (int16/32768)', () => {
    const wav = decodeWav(toneWav, 'tone.wav');
    expect(wav.sampleRate).toBe(8000);
    expect(wav.channels.length).toBe(1);
    expect(Array.from(wav.channels[0].subarray(0, 5))).toEqual(reference.stft.first_samples);
  });

  it('round-trips 16-bit PCM and rejects malformed files with a DatasetFileError naming them', () => {
    const x = Float64Array.from([0, 0.5, -0.5, -1, 32767 / 32768]);
    expect(decodeWav(encodeWav16(x, 8000)).channels[0]).toEqual(x);
    expect(() => decodeWav(new Uint8Array(10), 'x.wav')).toThrow(/x\.wav.*RIFF/);
    const truncated = encodeWav16(x, 8000).subarray(0, 48);
    expect(() => decodeWav(truncated, 'cut.wav')).toThrow(DatasetFileError);
  });
});

describe('STFT (tf.signal.stft conventions)', () => {
  it('periodic Hann window', () => {
    periodicHann(4).forEach((v, i) => expect(v).toBeCloseTo([0, 0.5, 1, 0.5][i], 15));
    // Periodic, not symmetric: w[n] = ½ − ½cos(2πn/N) with N (not N − 1) in the denominator.
    expect(periodicHann(63)[62]).toBeCloseTo(0.5 - 0.5 * Math.cos((2 * Math.PI * 62) / 63), 15);
  });

  it('fft.js frames equal a direct DFT of the windowed, zero-padded frames', () => {
    const rng = new Random(8);
    const x = Float64Array.from({ length: 120 }, () => rng.normal());
    const s = stftMagnitude(x, { frameLength: 63, frameStep: 1 });
    expect(s.frames).toBe(120 - 63 + 1);
    expect(s.bins).toBe(33);
    const w = periodicHann(63);
    for (const t of [0, 17, 57]) {
      const frame = Array.from({ length: 63 }, (_, n) => x[t + n] * w[n]);
      const d = directDftMagnitude(frame, 64);
      for (let k = 0; k < 33; k++) expect(s.data[t * 33 + k]).toBeCloseTo(d[k], 11);
    }
  });

  it('a pure tone on bin 8 of a 64-point grid peaks at bin 8 with the Hann main-lobe amplitude', () => {
    const x = Float64Array.from({ length: 200 }, (_, n) => Math.cos((2 * Math.PI * 8 * n) / 64));
    const s = stftMagnitude(x, { frameLength: 63, frameStep: 1 });
    const row = s.data.subarray(0, 33);
    expect(row.indexOf(Math.max(...row))).toBe(8);
    // Σ_n w[n]·cos² ≈ ½ Σ w = 63/4 (exact up to the 63-vs-64 grid mismatch).
    expect(row[8]).toBeGreaterThan(0.95 * (63 / 4));
    expect(row[8]).toBeLessThan(1.05 * (63 / 4));
  });

  it('log features of the fixture WAV equal the numpy reference (generate_reference.py)', () => {
    const f = fsddFeatures([{ name: 'tone.wav', bytes: new Uint8Array(toneWav) }]);
    expect(f.length).toBe(reference.stft.frames * 33);
    let worst = 0;
    for (let i = 0; i < f.length; i++) worst = Math.max(worst, Math.abs(f[i] - reference.stft.features[i]));
    // Features are stored in float32: relative rounding 6e-8 of values of magnitude < 40.
    expect(worst).toBeLessThan(5e-6);
  });

  it('silence gives log(eps) = −52 log 2', () => {
    const f = fsddFeatures([{ name: 's.wav', bytes: encodeWav16(new Float64Array(70), 8000) }]);
    expect(f[0]).toBeCloseTo(Math.log(FSDD_SETTINGS.logEps), 5);
  });
});

describe('Free Spoken Digit loader', () => {
  // Synthetic recordings: digit d is a tone on bin 2 + 3d, of 70–100 samples, with a little noise.
  function recordings(speaker = 'theo'): Record<string, Uint8Array> {
    const rng = new Random(31);
    const files: Record<string, Uint8Array> = {};
    for (const split of ['train', 'test'] as const) {
      for (const name of fsddFileNames(split, speaker)) {
        const d = Number(name[0]);
        const len = 70 + rng.uniformInt(31);
        files[name] = encodeWav16(
          Float64Array.from(
            { length: len },
            (_, n) => 0.4 * Math.sin((2 * Math.PI * (2 + 3 * d) * n) / 64) + 0.01 * rng.normal(),
          ),
          8000,
        );
      }
    }
    return files;
  }
  const files = recordings();

  it('split file lists: train = indices 5–49, test = 0–4, all digits', () => {
    expect(fsddFileNames('train').length).toBe(450);
    expect(fsddFileNames('test')).toContain('9_theo_4.wav');
    expect(fsddFileNames('train')).not.toContain('0_theo_4.wav');
  });

  it('end to end: every frame of every file, whitened with the training statistics', () => {
    const train = loadFreeSpokenDigits(files, { split: 'train' });
    const expectedFrames = fsddFileNames('train').reduce(
      (s, n) => s + (decodeWav(files[n]).channels[0].length - 62),
      0,
    );
    expect(train.frames).toBe(expectedFrames);
    expect(train.dim).toBe(33);
    // Whitened training data: mean 0, unit variances (exact moments, divisor n).
    train.mean().forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-9));
    train.covariance().forEach((row, i) => expect(row[i]).toBeCloseTo(1, 9));
    // The test split reuses the training statistics, so it is not exactly standardised.
    const test = loadFreeSpokenDigits(files, { split: 'test' });
    expect(test.whitening!.mean).toEqual(train.whitening!.mean);
    // Features of the first test file, by hand.
    const first = fsddFeatures([{ name: '0_theo_0.wav', bytes: files['0_theo_0.wav'] }]);
    const row = test.frame(0);
    for (let i = 0; i < 33; i++)
      expect(row[i]).toBeCloseTo((first[i] - train.whitening!.mean[i]) / train.whitening!.std[i], 12);
    expect(test.unwhiten({ n: 1, dim: 33, data: row }).data[5]).toBeCloseTo(first[5], 5);
  });

  it('samples resample frames (same seed ⇒ same draws) and match the exact moments', () => {
    const src = loadFreeSpokenDigits(files, { split: 'test', whitening: 'split' });
    expect(src.sample(20, new Random(3)).data).toEqual(src.sample(20, new Random(3)).data);
    const z = momentZScores(src.sample(20_000, new Random(4)), src.mean(), src.covariance());
    expect(Math.max(z.meanZ, z.covarianceZ)).toBeLessThan(5);
    const s = whiteningOf(src.features, 33);
    expect(s.mean).toEqual(src.whitening!.mean);
    expect(src.hasEntropy).toBe(false);
  });

  it('reads a directory (repository root or recordings/), spec round trip, missing files named', () => {
    const root = mkdtempSync(join(tmpdir(), 'rd-fsdd-'));
    const rec = join(root, 'recordings');
    mkdirSync(rec);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(rec, name), bytes);
    const a = loadFreeSpokenDigits(root, { split: 'test', whitening: 'split' });
    const b = loadFreeSpokenDigits({ ...files }, { split: 'test', whitening: 'split' });
    expect(a.features).toEqual(b.features);
    expect(a.toSpec()).toEqual({ kind: 'fsdd', dir: root, split: 'test', whitening: 'split' });
    const partial = { ...files };
    delete partial['7_theo_3.wav'];
    expect(() => loadFreeSpokenDigits(partial, { split: 'test' })).toThrow(/7_theo_3\.wav.*Jakobovski/);
    expect(() => loadFreeSpokenDigits(join(root, 'nope'), { split: 'test' })).toThrow(DatasetFileError);
    writeFileSync(join(rec, '3_theo_2.wav'), new Uint8Array(12));
    expect(() => loadFreeSpokenDigits(rec, { split: 'test' })).toThrow(/3_theo_2\.wav/);
  });
});
