import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/terminal/cli-io.js';
import { createFakeClock, type FakeClock } from './fake-clock.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  clock?: FakeClock;
  isTTY?: boolean;
  signal?: AbortSignal;
  holdInterrupts?: CliIo['holdInterrupts'];
  /** The HTTP client's fetch (default the real one), e.g. to rewrite requests on their way to the fake. */
  fetch?: typeof globalThis.fetch;
}

/** Runs the CLI in process, as `zenodo-stats <args>` would, with captured streams and a fake clock. */
export async function runCli(args: readonly string[], options: RunCliOptions): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const clock = options.clock ?? createFakeClock();
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.isTTY ?? false },
    env: options.env ?? {},
    cwd: options.cwd,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    signal: options.signal,
    holdInterrupts: options.holdInterrupts,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** A fresh temporary directory, and a function that removes it. */
export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'zenodo-stats-test-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
