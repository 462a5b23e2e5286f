#!/usr/bin/env node
import { main } from './cli/main.js';

// The only place that touches the real process: signals, streams, environment, exit.
const controller = new AbortController();
let interrupts = 0;
const onSignal = (signal: NodeJS.Signals) => {
  interrupts += 1;
  if (interrupts > 1) process.exit(130);
  controller.abort(new Error(`received ${signal}`));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// `zenodo-stats … --out - | head`: the reader went away; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
// Let piped stdout drain before exiting, or a large CSV on `--out -` could be cut short.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
process.exit(code);
