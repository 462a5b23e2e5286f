import type { Sleep } from '../zenodo/sleep.js';

/** Something text can be written to: `process.stdout`, `process.stderr`, or a test's buffer. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

/**
 * Everything a command touches outside itself, injected so commands run in-process in tests
 * (style.md rule 2): streams, environment, working directory, network, clock and cancellation.
 */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
  cwd: string;
  fetch?: typeof globalThis.fetch | undefined;
  now?: (() => number) | undefined;
  sleep?: Sleep | undefined;
  random?: (() => number) | undefined;
  signal?: AbortSignal | undefined;
}
