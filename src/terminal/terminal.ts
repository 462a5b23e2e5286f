import { stripControlCharacters } from '../output/strip-control-characters.js';
import type { TextSink } from './cli-io.js';

/**
 * Human-facing output on stderr: warnings, progress that redraws in place only on a TTY, and colour only on a
 * TTY without `NO_COLOR` (https://no-color.org). Node 20's `styleText` does not check either, so we do.
 *
 * Every message is passed through `stripControlCharacters` before it is written: messages quote record titles,
 * community names and servers' error reasons, which are remote text and may carry terminal escapes (issue 12).
 * The only escapes written are this class's own (colour, redrawing the progress line).
 */
export class Terminal {
  readonly #sink: TextSink;
  readonly #color: boolean;
  readonly #quiet: boolean;
  #progressShown = false;

  constructor(sink: TextSink, env: Record<string, string | undefined>, options: { quiet?: boolean } = {}) {
    this.#sink = sink;
    this.#color = Boolean(sink.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
    this.#quiet = options.quiet ?? false;
  }

  get isTTY(): boolean {
    return Boolean(this.#sink.isTTY);
  }

  /** A line of information; suppressed by `--quiet`. */
  info(line: string): void {
    if (!this.#quiet) this.#line(stripControlCharacters(line));
  }

  /** A warning; shown even with `--quiet`, since it may mean the numbers are incomplete. */
  warn(message: string): void {
    this.#line(`${this.#paint('warning:', '33')} ${stripControlCharacters(message)}`);
  }

  /** An error; always shown. */
  error(message: string): void {
    this.#line(`${this.#paint('error:', '31')} ${stripControlCharacters(message)}`);
  }

  /** A progress line: redrawn in place on a TTY, a plain line elsewhere. */
  progress(line: string): void {
    if (this.#quiet) return;
    if (this.isTTY) {
      this.#sink.write(`\r\x1b[2K${stripControlCharacters(line)}`);
      this.#progressShown = true;
    } else {
      this.#sink.write(`${stripControlCharacters(line)}\n`);
    }
  }

  /** Ends a progress line so the next output starts on a fresh line. */
  endProgress(): void {
    if (this.#progressShown) {
      this.#sink.write('\r\x1b[2K');
      this.#progressShown = false;
    }
  }

  bold(text: string): string {
    return this.#paint(text, '1');
  }

  #line(text: string): void {
    this.endProgress();
    this.#sink.write(`${text}\n`);
  }

  #paint(text: string, code: string): string {
    return this.#color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }
}

/**
 * `47122` → `47,122`: the same on every machine, whatever its locale. Whole numbers are grouped by hand: the
 * first `toLocaleString` of a process loads ICU's locale data, some 150 ms of a run's start-up (issue 14).
 */
export function formatCount(value: number): string {
  if (!Number.isSafeInteger(value)) return value.toLocaleString('en-US');
  const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+$)/g, ',');
  return value < 0 ? `-${digits}` : digits;
}
