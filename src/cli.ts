#!/usr/bin/env node
import { main } from './cli/main.js';

// The only place that touches the real process: signals, streams, environment, exit.
const controller = new AbortController();
let interrupts = 0;
/** What the command is finishing that a second Ctrl-C must not cut short (see `CliIo.holdInterrupts`). */
let held: string | undefined;
let interruptedWhileHeld = false;
const onSignal = (signal: NodeJS.Signals) => {
  interrupts += 1;
  if (held !== undefined) {
    interruptedWhileHeld = true;
    process.stderr.write(`${held}: finishing that first, so the files and the snapshot agree (a few seconds at most)\n`);
    if (!controller.signal.aborted) controller.abort(new Error(`received ${signal}`));
    return;
  }
  if (interrupts > 1) {
    process.stderr.write('interrupted again: stopping at once; no output file or snapshot was written\n');
    process.exit(130);
  }
  controller.abort(new Error(`received ${signal}`));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// `zenodo-stats … --out - | head`: the reader went away. Not an error worth a stack trace, and not a reason to
// stop half-way: the rest of the output is dropped, the run finishes (the snapshot is saved, the summary
// still goes to stderr).
let stdoutClosed = false;
const drainWaiters = new Set<() => void>();
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  if (!stdoutClosed) process.stderr.write("stdout's reader closed it; the rest of the output was dropped\n");
  stdoutClosed = true;
  for (const resolve of drainWaiters) resolve();
  drainWaiters.clear();
});
const stdout = {
  get isTTY() {
    return process.stdout.isTTY;
  },
  write: (text: string) => (stdoutClosed ? true : process.stdout.write(text)),
  once: (_event: 'drain', listener: () => void) => {
    if (stdoutClosed) return listener();
    const done = () => {
      drainWaiters.delete(done);
      listener();
    };
    drainWaiters.add(done);
    process.stdout.once('drain', done);
  },
};

const code = await main(process.argv.slice(2), {
  stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
  holdInterrupts: (what) => {
    held = what;
    return () => {
      held = undefined;
    };
  },
});
if (interruptedWhileHeld && code === 0) process.stderr.write('interrupted while the outputs were being written: they were finished first and are complete\n');
// Let piped stdout drain before exiting, or a large CSV on `--out -` could be cut short.
if (!stdoutClosed) await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
process.exit(code);
