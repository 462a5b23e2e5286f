import type { OutputFormat } from '../output/render-rows.js';

/** The file name used when `--out` is not given. */
export function defaultOutFile(communities: string | readonly string[], format: OutputFormat): string {
  const extension = { csv: 'csv', json: 'json', ndjson: 'ndjson', table: 'txt', markdown: 'md' }[format];
  const safe = (typeof communities === 'string' ? [communities] : [...communities]).map((c) => c.replace(/[^A-Za-z0-9._-]+/g, '_')).join('+');
  return `zenodo_${safe}_downloads.${extension}`;
}
