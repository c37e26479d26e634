// Ctrl-C during a long training run: the first SIGINT asks training to stop (so the checkpoint can be written
// and the user told how to resume); a second one means "now" and exits at once. The emitter is a parameter so
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
  on(event: 'SIGINT', listener: () => void): unknown;
  off(event: 'SIGINT', listener: () => void): unknown;
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
  /** Called on the first SIGINT (abort the training). */
  onFirst: () => void;
  /** Called on every later SIGINT (exit now). */
  onSecond: () => void;
  /** Default `process`. */
  target?: SignalSource;
}

/**
 * Listen for SIGINT until the returned function is called (which removes the listener, restoring node's
 * default of exiting on Ctrl-C).
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
  const listener = () => {
    count++;
    if (count === 1) options.onFirst();
    else options.onSecond();
  };
  target.on('SIGINT', listener);
  return () => {
    target.off('SIGINT', listener);
  };
}
