import type { RdmRecord } from './schema-rdm.js';
import { arrayOf, isBoolean, isCount, isNonEmptyString, isNonNegative, isString, nullish, objectOf, oneOf, recordOf } from './shape-checks.js';

// Field by field `rdmRecordSchema` (schema-rdm.ts, where each field's reason is given); keep the two in step.
// test/record-schema-refusals.test.ts holds every field to it: a wrong shape this let through would not be refused.
const optionalCount = nullish(isCount);
const counters = objectOf({
  views: optionalCount,
  unique_views: optionalCount,
  downloads: optionalCount,
  unique_downloads: optionalCount,
  data_volume: nullish(isNonNegative),
});
const pids = objectOf({ doi: nullish(objectOf({ identifier: isString })) });
const fileEntry = objectOf({ size: nullish(isNonNegative) });
const optionalString = nullish(isString);

const rdmRecord = objectOf({
  id: isNonEmptyString,
  created: optionalString,
  updated: optionalString,
  pids: nullish(pids),
  parent: nullish(
    objectOf({
      id: optionalString,
      pids: nullish(pids),
      communities: nullish(
        objectOf({
          ids: nullish(arrayOf(isString)),
          entries: nullish(arrayOf(objectOf({ id: optionalString, slug: isString }))),
        }),
      ),
    }),
  ),
  metadata: objectOf({
    title: optionalString,
    resource_type: nullish(objectOf({ id: isString })),
    publication_date: optionalString,
    version: optionalString,
    creators: nullish(arrayOf(objectOf({ person_or_org: objectOf({ name: isString }) }))),
    subjects: nullish(arrayOf(objectOf({ id: optionalString, subject: optionalString }))),
  }),
  links: nullish(objectOf({ self_html: optionalString })),
  access: nullish(objectOf({ record: optionalString })),
  stats: nullish(objectOf({ this_version: nullish(counters), all_versions: nullish(counters) })),
  files: nullish(
    objectOf({
      enabled: nullish(isBoolean),
      count: nullish(isCount),
      total_bytes: nullish(isNonNegative),
      entries: nullish(oneOf(recordOf(fileEntry), arrayOf(fileEntry))),
    }),
  ),
});

/**
 * Whether a hit certainly fits `rdmRecordSchema`, without zod. `false` means only "ask zod", which may still
 * accept it (the check is never looser than the schema, sometimes stricter).
 *
 * @example
 * fitsRdmRecord({ id: 'a9awy-52h48', metadata: {} }); // true
 * fitsRdmRecord({ id: 'a9awy-52h48', metadata: {}, stats: { this_version: { views: 'many' } } }); // false
 */
export function fitsRdmRecord(raw: unknown): raw is RdmRecord {
  return rdmRecord(raw);
}
