// The formats alone, apart from their renderers: the command line lists them in every `--help` and checks
// `--format`, and loading the renderers (csv-stringify among them) for that cost every command some 10 ms (issue 14).

/**
 * A format `renderRows` (render-rows.ts) can write.
 *
 * @example
 * ```ts
 * const format: OutputFormat = options.json ? 'json' : 'table';
 * ```
 */
export type OutputFormat = 'csv' | 'json' | 'ndjson' | 'table' | 'markdown';

/**
 * Every format `renderRows` accepts, in the order to list them in help text.
 *
 * @example
 * ```ts
 * new Option('--format <format>').choices(outputFormats).default('csv');
 * ```
 */
export const outputFormats: readonly OutputFormat[] = ['csv', 'json', 'ndjson', 'table', 'markdown'];
