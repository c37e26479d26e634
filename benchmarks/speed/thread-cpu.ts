// Per-thread CPU time of this process, read from /proc (Linux), for the worker benchmarks that split a step's CPU
// between the main thread, the workers and V8's helper threads.
import { readFileSync, readdirSync } from 'node:fs';

/** CPU seconds of every thread of this process, by thread id (utime + stime, USER_HZ = 100 on Linux). */
export function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}
