// Minimal RIFF/WAVE decoder: PCM integer (8/16/24/32-bit) and IEEE float (32/64-bit), including
// WAVE_FORMAT_EXTENSIBLE. Integer PCM is scaled to [−1, 1) by 2^{bits−1} (8-bit is unsigned, offset 128),
// which for 16-bit files matches `tf.audio.decode_wav` (int16 / 32768) used by the reference preprocessing.
import { DatasetFileError } from '../errors/dataset-file-error.js';
import { asBytes, type FileBytes } from '../files/file-access.js';

/**
 * A decoded WAV file.
 *
 * @example
 * ```ts
 * import type { WavAudio } from '@ratedistortion/datasets';
 * const a: WavAudio = { sampleRate: 8000, bitsPerSample: 16, channels: [new Float64Array(10)] };
 * ```
 */
export interface WavAudio {
  sampleRate: number;
  bitsPerSample: number;
  /** One array per channel, samples in [−1, 1]. */
  channels: Float64Array[];
}

/**
 * Decode a WAV file; throws {@link DatasetFileError} naming `name` when the bytes are not a supported WAV.
 *
 * @example
 * ```ts
 * import { decodeWav, encodeWav16 } from '@ratedistortion/datasets';
 * const bytes = encodeWav16(new Float64Array([0, 0.5, -0.5]), 8000);
 * console.log(decodeWav(bytes).channels[0]); // [0, 0.5, -0.5]
 * ```
 */
export function decodeWav(bytes: FileBytes, name = '<wav>', obtainFrom?: string): WavAudio {
  const b = asBytes(bytes);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const bad = (why: string): never => {
    throw new DatasetFileError(name, `not a readable WAV file: ${why}`, obtainFrom);
  };
  const tag = (o: number) => String.fromCharCode(b[o], b[o + 1], b[o + 2], b[o + 3]);
  if (b.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') bad('missing the RIFF/WAVE header');
  let fmt: { format: number; channels: number; rate: number; bits: number; align: number } | null = null;
  let data: Uint8Array | null = null;
  let o = 12;
  while (o + 8 <= b.length) {
    const id = tag(o);
    const size = view.getUint32(o + 4, true);
    const start = o + 8;
    if (start + size > b.length)
      bad(`chunk "${id}" of ${size} bytes runs past the end of the file (${b.length} bytes)`);
    if (id === 'fmt ') {
      if (size < 16) bad('fmt chunk shorter than 16 bytes');
      let format = view.getUint16(start, true);
      if (format === 0xfffe) {
        if (size < 40) bad('WAVE_FORMAT_EXTENSIBLE fmt chunk shorter than 40 bytes');
        format = view.getUint16(start + 24, true); // first two bytes of the sub-format GUID
      }
      fmt = {
        format,
        channels: view.getUint16(start + 2, true),
        rate: view.getUint32(start + 4, true),
        align: view.getUint16(start + 12, true),
        bits: view.getUint16(start + 14, true),
      };
    } else if (id === 'data') {
      data = b.subarray(start, start + size);
    }
    o = start + size + (size & 1);
  }
  if (!fmt) return bad('no fmt chunk');
  if (!data) return bad('no data chunk');
  const { format, channels, rate, bits, align } = fmt;
  if (channels < 1) bad('zero channels');
  const okInt = format === 1 && [8, 16, 24, 32].includes(bits);
  const okFloat = format === 3 && (bits === 32 || bits === 64);
  if (!okInt && !okFloat) bad(`unsupported encoding (format tag ${format}, ${bits} bits per sample)`);
  const bytesPer = bits / 8;
  if (align !== bytesPer * channels) bad(`block align ${align} does not match ${channels} channel(s) of ${bits} bits`);
  if (data.length % align !== 0)
    bad(`data chunk of ${data.length} bytes is not a whole number of ${align}-byte frames`);
  const frames = data.length / align;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = Array.from({ length: channels }, () => new Float64Array(frames));
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++) {
      const p = f * align + c * bytesPer;
      let v: number;
      if (okFloat) v = bits === 32 ? dv.getFloat32(p, true) : dv.getFloat64(p, true);
      else if (bits === 8) v = (dv.getUint8(p) - 128) / 128;
      else if (bits === 16) v = dv.getInt16(p, true) / 32768;
      else if (bits === 24) {
        const u = dv.getUint8(p) | (dv.getUint8(p + 1) << 8) | (dv.getInt8(p + 2) << 16);
        v = u / 8388608;
      } else v = dv.getInt32(p, true) / 2147483648;
      out[c][f] = v;
    }
  }
  return { sampleRate: rate, bitsPerSample: bits, channels: out };
}

/**
 * Encode a mono signal in [−1, 1] as a 16-bit PCM WAV file (`round(x·32768)`, saturating at the int16 range);
 * used to build test fixtures and to export audio.
 *
 * @example
 * ```ts
 * import { encodeWav16 } from '@ratedistortion/datasets';
 * const bytes = encodeWav16(new Float64Array(8000), 8000); // one second of silence
 * console.log(bytes.length); // 16044
 * ```
 */
export function encodeWav16(signal: ArrayLike<number>, sampleRate: number): Uint8Array {
  const n = signal.length;
  const b = new Uint8Array(44 + 2 * n);
  const v = new DataView(b.buffer);
  const put = (o: number, s: string) => {
    for (let i = 0; i < 4; i++) b[o + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  v.setUint32(4, 36 + 2 * n, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  put(36, 'data');
  v.setUint32(40, 2 * n, true);
  for (let i = 0; i < n; i++)
    v.setInt16(44 + 2 * i, Math.max(-32768, Math.min(32767, Math.round(signal[i] * 32768))), true);
  return b;
}
