import type { Sleep } from '../zenodo/sleep.js';

/** Something text can be written to: `process.stdout`, `process.stderr`, or a test's buffer. */
export interface TextSink {
  /** Like a Node stream's: `false` means the reader is behind and the writer should wait for `drain`. */
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  /** A Node stream's `once`, for its `drain` event; a sink without it never asks anyone to wait. */
  once?(event: 'drain', listener: () => void): unknown;
}

/**
 * Writes chunks to a sink one after another, waiting for `drain` whenever the sink says its buffer is full, so a
 * large output piped to a slow reader is not queued in memory (issue 6).
 *
 * @example
 * await writeChunks(io.stdout, renderRowChunks(rows, 'csv'));
 */
export async function writeChunks(sink: TextSink, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (sink.write(chunk) === false && sink.once) {
      const once = sink.once.bind(sink);
      await new Promise<void>((resolve) => once('drain', resolve));
    }
  }
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
  /**
   * Called by a command when it enters a step that must not be cut short (saving a snapshot and writing the
   * file that goes with it); returns the function that ends it. While a step is held, a further Ctrl-C does not
   * end the process (it says what is being finished), so the files and the snapshot always agree (issue 12).
   */
  holdInterrupts?: ((what: string) => () => void) | undefined;
}
