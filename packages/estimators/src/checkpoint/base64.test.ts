import { describe, expect, it } from 'vitest';
import { InvalidParameterError, Random } from '@ratedistortion/core';
import { decodeFloat32, decodeFloat64, encodeFloats } from './base64.js';

describe('float codec', () => {
  it('round-trips float32 and float64 arrays bit for bit, including special values', () => {
    const rng = new Random(11);
    for (const len of [0, 1, 2, 3, 7, 100]) {
      const f32 = rng.fillNormal(new Float32Array(len), 0, 1e3);
      const f64 = rng.fillNormal(new Float64Array(len), 0, 1e-3);
      expect(decodeFloat32(encodeFloats(f32), 'a')).toEqual(f32);
      expect(decodeFloat64(encodeFloats(f64), 'b')).toEqual(f64);
    }
    const special = new Float32Array([-0, Infinity, -Infinity, 1.401298464324817e-45, 3.4028234663852886e38]);
    const back = decodeFloat32(encodeFloats(special), 's');
    expect(Object.is(back[0], -0)).toBe(true);
    expect(Array.from(back.slice(1))).toEqual(Array.from(special.slice(1)));
  });
  it('encodes known bytes as standard base64', () => {
    // 1.0f = 0x3f800000, little-endian bytes 00 00 80 3f → "AACAPw=="
    expect(encodeFloats(new Float32Array([1]))).toBe('AACAPw==');
    // 1.0 = 0x3ff0000000000000 → 00 00 00 00 00 00 f0 3f → "AAAAAAAA8D8="
    expect(encodeFloats(new Float64Array([1]))).toBe('AAAAAAAA8D8=');
  });
  it('rejects malformed text', () => {
    expect(() => decodeFloat32('abc', 'w')).toThrow(InvalidParameterError);
    expect(() => decodeFloat32('ab!d', 'w')).toThrow(InvalidParameterError);
    expect(() => decodeFloat32('AAAA', 'w')).toThrow(/whole number/);
  });
});
