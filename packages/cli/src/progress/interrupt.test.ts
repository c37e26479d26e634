import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { handleInterrupts } from './interrupt.js';

describe('handleInterrupts', () => {
  it('first SIGINT → onFirst, later ones → onSecond; releasing removes the listener', () => {
    const target = new EventEmitter();
    const calls: string[] = [];
    const release = handleInterrupts({
      target,
      onFirst: () => calls.push('first'),
      onSecond: () => calls.push('second'),
    });
    expect(target.listenerCount('SIGINT')).toBe(1);
    target.emit('SIGINT');
    target.emit('SIGINT');
    target.emit('SIGINT');
    expect(calls).toEqual(['first', 'second', 'second']);
    release();
    expect(target.listenerCount('SIGINT')).toBe(0);
  });

  it('SIGTERM (a scheduler preempting the job) counts like Ctrl-C and is named', () => {
    const target = new EventEmitter();
    const calls: string[] = [];
    const release = handleInterrupts({
      target,
      onFirst: (s) => calls.push(`first ${s}`),
      onSecond: (s) => calls.push(`second ${s}`),
    });
    target.emit('SIGTERM');
    target.emit('SIGINT');
    expect(calls).toEqual(['first SIGTERM', 'second SIGINT']);
    release();
    expect(target.listenerCount('SIGTERM')).toBe(0);
  });
});
