import { AbortedError } from '../../src/errors.js';
import type { Sleep } from '../../src/zenodo/sleep.js';

/** A clock that only moves when something sleeps, so tests assert waits instead of waiting. */
export interface FakeClock {
  now: () => number;
  sleep: Sleep;
  /** Every wait that was asked for, in ms, in order. */
  sleeps: number[];
  advance(ms: number): void;
}

export function createFakeClock(start = Date.UTC(2026, 10, 25, 12, 0, 0)): FakeClock {
  let time = start;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleeps,
    advance(ms) {
      time += ms;
    },
    async sleep(ms, signal) {
      if (signal?.aborted) throw new AbortedError('cancelled', { cause: signal.reason });
      sleeps.push(ms);
      time += Math.max(0, ms);
      // Yield to the event loop like a real timer would, without waiting.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
