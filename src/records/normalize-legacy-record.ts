import { ValidationError } from '../errors.js';
import { fitsLegacyRecord } from './fits-legacy-shapes.js';
import { legacyToRecord } from './legacy-to-record.js';
import { formatIssues, legacyRecordSchema } from './schema-legacy.js';
import type { ZenodoRecord } from './zenodo-record.js';

export interface NormalizeOptions {
  /** Site root, for the landing page of a record that carries no `links.self_html`. */
  baseUrl: string;
  /** How to name the record in an error when its id is unreadable, e.g. `page 3, hit 7`. */
  position?: string | undefined;
}

/**
 * Validates one legacy hit and turns it into a {@link ZenodoRecord}. A hit that does not fit throws a
 * {@link ValidationError} naming the record and each field (`record 123456: stats.downloads: expected number,
 * received string`): never a crash, never a silent 0.
 *
 * @example
 * const record = normalizeLegacyRecord(hit, { baseUrl: 'https://zenodo.org' });
 * record.stats?.allVersions.downloads; // all versions of the concept
 */
export function normalizeLegacyRecord(raw: unknown, options: NormalizeOptions): ZenodoRecord {
  // Nearly every hit fits the quick check; zod's walk (and its messages) is for the rest.
  if (fitsLegacyRecord(raw)) return legacyToRecord(raw, options.baseUrl);
  const parsed = legacyRecordSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError([{ recordId: describeRecord(raw, options.position), issues: formatIssues(parsed.error) }]);
  }
  return legacyToRecord(parsed.data, options.baseUrl);
}

function describeRecord(raw: unknown, position: string | undefined): string {
  if (raw && typeof raw === 'object' && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    if (typeof id === 'number' || (typeof id === 'string' && id.length > 0)) return String(id);
  }
  return position ? `at ${position}` : '(unknown id)';
}
