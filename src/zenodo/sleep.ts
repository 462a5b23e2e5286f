import { setTimeout as delay } from 'node:timers/promises';
import { AbortedError } from '../errors.js';

/** Waits `ms` milliseconds; injected everywhere time passes, so tests never wait for real. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * The real sleep: rejects with {@link AbortedError} as soon as `signal` aborts.
 *
 * @example
 * await realSleep(1_000, AbortSignal.timeout(5_000));
 */
export const realSleep: Sleep = async (ms, signal) => {
  if (ms <= 0) {
    if (signal?.aborted) throw new AbortedError('cancelled', { cause: signal.reason });
    return;
  }
  try {
    await delay(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    if (signal?.aborted) throw new AbortedError('cancelled', { cause: signal.reason });
    throw error;
  }
};
