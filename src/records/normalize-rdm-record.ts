import { ValidationError } from '../errors.js';
import type { NormalizeOptions } from './normalize-legacy-record.js';
import { formatIssues } from './schema-legacy.js';
import { fitsRdmRecord } from './fits-rdm-record.js';
import { rdmToRecord } from './rdm-to-record.js';
import { rdmRecordSchema } from './schema-rdm.js';
import type { ZenodoRecord } from './zenodo-record.js';

/**
 * Validates one hit in the native InvenioRDM format and turns it into a {@link ZenodoRecord}, the same record
 * {@link normalizeLegacyRecord} makes of zenodo.org's legacy JSON for the same data. A hit that does not fit
 * throws a {@link ValidationError} naming the record and each field (`record a9awy-52h48:
 * stats.all_versions.downloads: expected number, received string`).
 *
 * Field by field it follows Zenodo's own legacy serializer (zenodo/zenodo-rdm
 * `site/zenodo_rdm/legacy/serializers/schemas/common.py` and `zenodojson.py`), so that both formats give the
 * same rows: `conceptId` is `parent.id`, `conceptDoi` `parent.pids.doi.identifier`, communities the slugs of
 * `parent.communities.entries`, stats `all_versions` → `allVersions` and `this_version` → `thisVersion`, and
 * keywords only the free-text subjects (`dump_keywords` skips subjects with an `id`, which come from a
 * controlled vocabulary such as OpenAlex subfields or FOS). It also sets `volume` (bytes downloaded) and
 * `files`, which the legacy format lacks.
 *
 * @example
 * const record = normalizeRdmRecord(hit, { baseUrl: 'https://rogue-scholar.org' });
 * record.stats?.allVersions.views; // all versions of the concept
 * record.volume?.allVersions;      // bytes downloaded, all versions
 */
export function normalizeRdmRecord(raw: unknown, options: NormalizeOptions): ZenodoRecord {
  // Nearly every hit fits the quick check; zod's walk (and its messages) is for the rest.
  if (fitsRdmRecord(raw)) return rdmToRecord(raw, options.baseUrl);
  const parsed = rdmRecordSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError([{ recordId: describeRecord(raw, options.position), issues: formatIssues(parsed.error) }]);
  }
  return rdmToRecord(parsed.data, options.baseUrl);
}

function describeRecord(raw: unknown, position: string | undefined): string {
  if (raw && typeof raw === 'object' && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    if (typeof id === 'number' || (typeof id === 'string' && id.length > 0)) return String(id);
  }
  return position ? `at ${position}` : '(unknown id)';
}
