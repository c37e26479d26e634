// Errors crossing a thread boundary: a structured clone of the serialized form must come back as the same class
// with the same fields (what the caller of a multi-threaded run checks), and untyped errors keep name and message.
import { describe, expect, it } from 'vitest';
import {
  DimensionMismatchError,
  InvalidParameterError,
  NumericalError,
  RateDistortionError,
} from '@ratedistortion/core';
import { reviveError, serializeError } from './worker-errors.js';

const roundTrip = (e: unknown, prefix?: string) => reviveError(structuredClone(serializeError(e)), prefix);

describe('serializeError / reviveError', () => {
  it('typed errors come back as instances of their class with their fields and message, without a prefix', () => {
    const p = roundTrip(new InvalidParameterError('eps', 'a finite number > 0', -1), 'worker 1: ');
    expect(p).toBeInstanceOf(InvalidParameterError);
    expect(p).toBeInstanceOf(RateDistortionError);
    expect(p).toMatchObject({
      name: 'InvalidParameterError',
      parameter: 'eps',
      expected: 'a finite number > 0',
      received: -1,
      code: 'INVALID_PARAMETER',
      message: 'Invalid eps: expected a finite number > 0, got -1.',
    });
    const n = roundTrip(new NumericalError('step 3', 'the loss is NaN'));
    expect(n).toBeInstanceOf(NumericalError);
    expect(n).toMatchObject({ where: 'step 3', message: 'Numerical failure at step 3. the loss is NaN.' });
    const d = roundTrip(new DimensionMismatchError('x', 2, 3));
    expect(d).toBeInstanceOf(DimensionMismatchError);
    expect(d).toBeInstanceOf(InvalidParameterError);
    expect(d.stack).toMatch(/rethrown from a worker thread/);
  });

  it('other errors keep their name and message (prefixed); thrown non-errors become an Error with their text', () => {
    const t = roundTrip(new TypeError('x is not a function'), 'worker 0: ');
    expect(t).not.toBeInstanceOf(TypeError);
    expect(t).toMatchObject({ name: 'TypeError', message: 'worker 0: x is not a function' });
    expect(roundTrip('plain text')).toMatchObject({ name: 'Error', message: 'plain text' });
    // A field that cannot be cloned (a function) is left out rather than failing the transfer.
    const e = Object.assign(new InvalidParameterError('f', 'a number', 1), { callback: () => 1 });
    expect(serializeError(e).fields).not.toHaveProperty('callback');
  });
});
