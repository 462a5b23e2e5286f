import { UsageError } from '../errors.js';
import { defaultListName, defaultQueryName } from '../commands/default-list-name.js';
import type { OutputFormat } from '../output/output-formats.js';

/** What commander parses `summarize`'s options into. */
export interface SummarizeFlags {
  baseUrl?: string;
  token?: string;
  userAgent?: string;
  out?: string;
  format: OutputFormat;
  raw?: string;
  excel?: boolean;
  allVersions?: boolean;
  pageSize?: number;
  timeout: number;
  maxAttempts: number;
  quiet?: boolean;
  verbose?: boolean;
  db?: string | false;
  rateLimit?: string;
  resume?: boolean;
  sinceLast?: boolean;
  apiFormat: 'legacy' | 'rdm' | 'auto';
  records?: string;
  query?: string;
  as?: string;
}

/** `--records FILE [--as NAME]`, checked: not with communities, not with --all-versions; NAME as `import --as` allows. */
export function recordsOption(given: readonly string[], flags: SummarizeFlags): { file: string; name: string } | undefined {
  if (flags.records === undefined) {
    if (flags.as !== undefined && flags.query === undefined) throw new UsageError('--as names the collection of a --records list or a --query search; a community is kept under its own name');
    return undefined;
  }
  if (flags.query !== undefined) throw new UsageError('give either --records or --query, not both');
  if (given.length > 0) throw new UsageError(`give either communities (${given.join(', ')}) or --records, not both`);
  if (flags.allVersions) throw new UsageError('--all-versions does not apply to --records: the list names the versions it wants');
  const name = flags.as ?? defaultListName(flags.records);
  if (!/^[\w.-]+$/.test(name)) throw new UsageError(`--as: '${name}' may only contain letters, digits, '.', '_' and '-'`);
  return { file: flags.records, name };
}

/**
 * `--query Q [--as NAME]`, checked: not with communities; not empty (a search for nothing is all of Zenodo).
 */
export function queryOption(given: readonly string[], flags: SummarizeFlags): { query: string; name: string } | undefined {
  if (flags.query === undefined) return undefined;
  if (given.length > 0) throw new UsageError(`give either communities (${given.join(', ')}) or --query, not both`);
  const query = flags.query.trim();
  if (query === '') throw new UsageError('--query is empty: a search for nothing lists every record of the site; give a search such as keywords:"napari"');
  const name = flags.as ?? defaultQueryName(query);
  if (!/^[\w.-]+$/.test(name)) throw new UsageError(`--as: '${name}' may only contain letters, digits, '.', '_' and '-'`);
  return { query, name };
}
