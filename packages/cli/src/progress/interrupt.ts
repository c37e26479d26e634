// Ctrl-C (SIGINT) or a scheduler's preemption (SIGTERM) during a long training run: the first signal asks training
// to stop (so the checkpoint can be written and the user told how to resume); a second one means "now" and exits
// at once. The emitter is a parameter so
// tests drive the handler with their own events instead of signalling the test process.

/**
 * The part of `process` that {@link handleInterrupts} uses.
 *
 * @example
 * ```ts
 * import { EventEmitter } from 'node:events';
 * import type { SignalSource } from '@ratedistortion/cli/progress';
 * const fake: SignalSource = new EventEmitter();
 * ```
 */
export interface SignalSource {
  on(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

/**
 * Options of {@link handleInterrupts}.
 *
 * @example
 * ```ts
 * import type { InterruptOptions } from '@ratedistortion/cli/progress';
 * const o: InterruptOptions = { onFirst: () => console.error('stopping…'), onSecond: () => process.exit(130) };
 * ```
 */
export interface InterruptOptions {
  /** Called on the first SIGINT or SIGTERM, with its name (abort the training). */
  onFirst: (signal: 'SIGINT' | 'SIGTERM') => void;
  /** Called on every later one (exit now). */
  onSecond: (signal: 'SIGINT' | 'SIGTERM') => void;
  /** Default `process`. */
  target?: SignalSource;
}

/**
 * Listen for SIGINT and SIGTERM until the returned function is called (which removes the listeners, restoring
 * node's default of exiting on either).
 *
 * @example
 * ```ts
 * import { handleInterrupts } from '@ratedistortion/cli/progress';
 * const controller = new AbortController();
 * const release = handleInterrupts({ onFirst: () => controller.abort(), onSecond: () => process.exit(130) });
 * // ... train with controller.signal ...
 * release();
 * ```
 */
export function handleInterrupts(options: InterruptOptions): () => void {
  const target = options.target ?? process;
  let count = 0;
  const on = (signal: 'SIGINT' | 'SIGTERM') => () => {
    count++;
    if (count === 1) options.onFirst(signal);
    else options.onSecond(signal);
  };
  const int = on('SIGINT');
  const term = on('SIGTERM');
  target.on('SIGINT', int);
  target.on('SIGTERM', term);
  return () => {
    target.off('SIGINT', int);
    target.off('SIGTERM', term);
  };
}
