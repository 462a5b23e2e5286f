#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { main } from './cli/main.js';
import { wasmTieringFlag } from './cli/wasm-tiering-flag.js';

// Before anything compiles WebAssembly (SQLite is loaded only by the commands that use a store): see
// `wasmTieringFlag`. Set here, in the process the CLI owns, not by the library, whose users may run WebAssembly of
// their own.
const tiering = wasmTieringFlag(process.versions.v8, process.execArgv);
if (tiering !== undefined) setFlagsFromString(tiering);

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
    // Not `process.exit(130)`, which can hang for ever on Node 24 (see the end of this file), and would, more
    // likely than at a normal end, with the command's code still being compiled. With our handlers gone the
    // signal's default action ends the process at once, as if it had never been caught (no teardown, no thread
    // to join); a shell reports 130 for SIGINT (128 + 2), 143 for SIGTERM, as for any program a signal stops.
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.kill(process.pid, signal);
    return;
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
// The process ends by itself, not with `process.exit`: on Node 24 (26 too, by the reports) `process.exit` can hang
// for ever (nodejs/node#54918, its exit-time variant; also #64274, #64560). It joins V8's worker threads while
// the isolate still lives, and a worker in the middle of a concurrent compile of our JavaScript (Sparkplug or
// Maglev, not WebAssembly) that needs a garbage collection waits for the main thread, which waits in
// `pthread_join` for that worker. Neither moves again, and SIGTERM's handler, being JavaScript, never runs.
// `snapshots` of a store of 103 weekly snapshots hung so in 22 of 550 runs on Node 24.21 (0 of 300 on Node 20),
// and in 0 of 750 ending as here. When the event loop runs dry, Node tears the isolate down first, which wakes
// such a worker, and only then the threads; stdout, piped or a file, is written out completely. Only if
// something we forgot kept the loop alive does the unref'd timer end the process, long after the compiles of
// the command's code have finished.
process.exitCode = code;
setTimeout(() => process.exit(code), 10_000).unref();
