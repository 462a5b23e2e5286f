import { formatServerErrors, type ServerFieldError } from './zenodo/read-error-body.js';

/**
 * Every error the tool raises on purpose. The CLI maps each class to an exit code (see README, "Exit codes");
 * anything else is a bug.
 */

/** Exit codes, documented in the README. */
export const exitCodes = {
  ok: 0,
  /** Something unexpected: a bug. */
  internal: 1,
  usage: 2,
  notFound: 3,
  /** The API or the network failed (HTTP error, timeout, retries exhausted, unusable pagination). */
  api: 4,
  /** The API answered, but with data we cannot trust (invalid JSON, a record that does not fit the schema). */
  invalidData: 5,
  /** A local file or the snapshot store could not be read or written. */
  localIo: 6,
  /** Interrupted by the user (SIGINT/SIGTERM or an aborted signal). */
  interrupted: 130,
} as const;

export class ZenodoStatsError extends Error {
  override name = 'ZenodoStatsError';
  /** The process exit code the CLI uses for this error. */
  readonly exitCode: number = exitCodes.internal;
}

/** Bad command-line input. */
export class UsageError extends ZenodoStatsError {
  override name = 'UsageError';
  override readonly exitCode: number = exitCodes.usage;
}

/** A community or record that does not exist on the site asked. */
export class NotFoundError extends ZenodoStatsError {
  override name = 'NotFoundError';
  override readonly exitCode: number = exitCodes.notFound;
}

export interface HttpErrorDetails {
  method: string;
  /** The request URL. Never contains a token: we only ever send it as a header. */
  url: string;
  status: number;
  statusText: string;
  attempts: number;
  /** The server's own message (`{"message": …}` in Zenodo's error bodies), when it gave one. */
  serverMessage?: string | undefined;
  /** The envelope's `errors[]` (`{"field": "size", "messages": […]}`), where the reason of a 400 is (zenodo-api.md §8b). */
  serverErrors?: ServerFieldError[] | undefined;
}

/** The server answered with an HTTP error status (after retries, where the status is retryable). */
export class HttpError extends ZenodoStatsError {
  override name = 'HttpError';
  override readonly exitCode: number = exitCodes.api;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly attempts: number;
  readonly serverMessage: string | undefined;
  readonly serverErrors: ServerFieldError[];

  constructor(details: HttpErrorDetails, message?: string, options?: ErrorOptions) {
    super(message ?? describeHttpFailure(details), options);
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.statusText = details.statusText;
    this.attempts = details.attempts;
    this.serverMessage = details.serverMessage;
    this.serverErrors = details.serverErrors ?? [];
  }
}

/**
 * Zenodo treats a token it does not accept as anonymous instead of answering 401, so the first sign of a bad
 * token is a 400 for a page size only tokens may use (zenodo-api.md §8a).
 */
export class TokenRejectedError extends HttpError {
  override name = 'TokenRejectedError';
}

/**
 * A 404 for the route, not for a community or record: the site has no such API path, so `--base-url` is wrong
 * (e.g. `https://zenodo.org/api`, which asks for `/api/api/…`). Werkzeug's generic "The requested URL was not
 * found on the server" or an HTML page, where a missing community gets InvenioRDM's JSON "The persistent
 * identifier does not exist." (zenodo-api.md §8b). A usage error: exit 2.
 */
export class RouteNotFoundError extends HttpError {
  override name = 'RouteNotFoundError';
  override readonly exitCode: number = exitCodes.usage;
}

/** A community that existed and was deleted: InvenioRDM answers 410 "The record has been deleted." (§8b). */
export class CommunityDeletedError extends NotFoundError {
  override name = 'CommunityDeletedError';
}

/** The network failed or a request timed out, on every attempt. */
export class NetworkError extends ZenodoStatsError {
  override name = 'NetworkError';
  override readonly exitCode: number = exitCodes.api;
}

/** The API answered something we cannot page through safely (a looping `links.next` or one outside the base URL's path, a too-large result set). */
export class PaginationError extends ZenodoStatsError {
  override name = 'PaginationError';
  override readonly exitCode: number = exitCodes.api;
}

/** A body that is not the JSON we asked for. */
export class InvalidResponseError extends ZenodoStatsError {
  override name = 'InvalidResponseError';
  override readonly exitCode: number = exitCodes.invalidData;
}

/** One record that does not fit the schema, with its problems as `field: message` lines. */
export interface RecordProblem {
  recordId: string;
  issues: string[];
}

/** Records that do not fit the schema. The message names each record and field. */
export class ValidationError extends ZenodoStatsError {
  override name = 'ValidationError';
  override readonly exitCode: number = exitCodes.invalidData;
  readonly problems: RecordProblem[];

  constructor(problems: RecordProblem[], options?: ErrorOptions) {
    super(formatProblems(problems), options);
    this.problems = problems;
  }
}

/** A local file or the snapshot store could not be read or written. */
export class LocalIoError extends ZenodoStatsError {
  override name = 'LocalIoError';
  override readonly exitCode: number = exitCodes.localIo;
}

/** The run was cancelled through its AbortSignal (Ctrl-C in the CLI). */
export class AbortedError extends ZenodoStatsError {
  override name = 'AbortedError';
  override readonly exitCode: number = exitCodes.interrupted;
}

function describeHttpFailure(d: HttpErrorDetails): string {
  const status = `${d.status}${d.statusText ? ` ${d.statusText}` : ''}`;
  const attempts = d.attempts > 1 ? ` after ${d.attempts} attempts` : '';
  const said = serverSaid(d);
  const server = said ? ` (server said: ${said})` : '';
  return `${d.method} ${d.url} failed: ${status}${attempts}${server}`;
}

/** The server's `message` and its `errors[]` as one text: `A validation error occurred. size: Page size …`. */
export function serverSaid(d: Pick<HttpErrorDetails, 'serverMessage' | 'serverErrors'>): string {
  return [d.serverMessage, formatServerErrors(d.serverErrors ?? [])].filter(Boolean).join(' ');
}

function formatProblems(problems: RecordProblem[]): string {
  const lines = problems.flatMap((p) => p.issues.map((issue) => `record ${p.recordId}: ${issue}`));
  const shown = lines.slice(0, 20);
  if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more problems`);
  const count = problems.length === 1 ? '1 record does' : `${problems.length} records do`;
  return `${count} not fit the expected schema:\n${shown.join('\n')}`;
}
