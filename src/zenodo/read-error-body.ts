/**
 * Reads the error envelope of Zenodo and every InvenioRDM site (flask-resources `errors.py`, `HTTPJSONException`):
 * `{"status": 400, "message": "A validation error occurred.", "errors": [{"field": "size", "messages": ["Page size
 * cannot be greater than 25. …"]}]}`. The reason is in `errors[].messages`, not in `message` (zenodo-api.md §8b,
 * zenodo/zenodo-rdm `site/zenodo_rdm/params.py` `validate_max_page_size`).
 */

/** One entry of `errors[]`: the field (absent for errors not tied to one) and what is wrong with it. */
export interface ServerFieldError {
  field?: string | undefined;
  messages: string[];
}

export interface ErrorBody {
  /** True when the body parsed as JSON; an HTML page from a proxy or the UI app is not. */
  isJson: boolean;
  /** The envelope's `message`, when it has one. */
  message?: string | undefined;
  /** The envelope's `errors[]`, empty when there are none. */
  errors: ServerFieldError[];
}

/**
 * @example
 * readErrorBody('{"status":400,"message":"A validation error occurred.","errors":[{"field":"size","messages":["Too big."]}]}');
 * // { isJson: true, message: 'A validation error occurred.', errors: [{ field: 'size', messages: ['Too big.'] }] }
 */
export function readErrorBody(text: string): ErrorBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { isJson: false, errors: [] };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { isJson: true, errors: [] };
  const { message, errors } = body as { message?: unknown; errors?: unknown };
  return {
    isJson: true,
    message: typeof message === 'string' && message.trim() !== '' ? message : undefined,
    errors: Array.isArray(errors) ? errors.flatMap(readFieldError) : [],
  };
}

/** `size: Page size cannot be greater than 25. …; q: …`: every field error, for a message. */
export function formatServerErrors(errors: readonly ServerFieldError[]): string {
  return errors
    .map((e) => {
      const text = e.messages.join(' ');
      return e.field ? `${e.field}: ${text}` : text;
    })
    .filter((line) => line !== '')
    .join('; ');
}

function readFieldError(entry: unknown): ServerFieldError[] {
  if (typeof entry === 'string') return [{ messages: [entry] }];
  if (!entry || typeof entry !== 'object') return [];
  const { field, messages, message } = entry as { field?: unknown; messages?: unknown; message?: unknown };
  // marshmallow gives a list of strings; nested schemas can give an object of lists: flatten to text either way.
  const texts = flattenMessages(messages ?? message);
  if (texts.length === 0) return [];
  return [{ field: typeof field === 'string' && field !== '' ? field : undefined, messages: texts }];
}

function flattenMessages(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (Array.isArray(value)) return value.flatMap(flattenMessages);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => flattenMessages(inner).map((text) => `${key}: ${text}`));
  }
  return [];
}
