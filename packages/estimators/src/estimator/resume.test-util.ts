// Test helper (not shipped): the bit-identical resume check of the network estimators (R2D2, NERD, EBRD). `a` trains
// `first` steps and is checkpointed as JSON text, then trains `second` more; `b`, restored from the text, trains the
// same `second` steps and must then hold a's step count and exactly a's weights.
import { expect } from 'vitest';

interface Resumable {
  readonly steps: number;
  train(options: { steps: number }): Promise<unknown>;
  toJSON(): unknown;
  getWeights(): Float32Array[];
}

export async function expectBitIdenticalResume<E extends Resumable>(
  a: E,
  restore: (text: string) => E,
  first: number,
  second: number,
): Promise<{ b: E; text: string }> {
  await a.train({ steps: first });
  const text = JSON.stringify(a.toJSON());
  await a.train({ steps: second });
  const b = restore(text);
  expect(b.steps).toBe(first);
  await b.train({ steps: second });
  expect(b.steps).toBe(first + second);
  const wa = a.getWeights();
  const wb = b.getWeights();
  wa.forEach((w, i) => expect(Array.from(wb[i])).toEqual(Array.from(w)));
  return { b, text };
}
