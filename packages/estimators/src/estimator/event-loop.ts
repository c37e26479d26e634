// Training loops run synchronous tfjs kernels (cpu, wasm); yielding to the event loop between steps is what
// lets an AbortSignal fired by a timer, a UI or SIGINT reach the loop at all.

/**
 * Resolve after pending I/O and timers have had a chance to run.
 *
 * @example
 * ```ts
 * import { yieldToEventLoop } from '@ratedistortion/estimators';
 * await yieldToEventLoop();
 * ```
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  return new Promise<void>((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}
