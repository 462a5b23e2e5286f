import type { Community, LegacyRecord, LegacySearchPage } from './schema-legacy.js';
import { arrayOf, isAnything, isCount, isNonEmptyString, isNumber, isPositiveInt, isString, nullish, objectOf, oneOf } from './shape-checks.js';

// Field by field the schemas of schema-legacy.ts (where each field's reason is given); keep the two in step.
// test/record-schema-refusals.test.ts holds every field to them: a wrong shape these let through would not be refused.
const optionalCount = nullish(isCount);
const optionalString = nullish(isString);
const idLike = oneOf(isCount, isNonEmptyString);

const legacyRecord = objectOf({
  id: oneOf(isPositiveInt, (value) => typeof value === 'string' && /^\d+$/.test(value)),
  conceptrecid: nullish(idLike),
  doi: optionalString,
  conceptdoi: optionalString,
  title: optionalString,
  created: optionalString,
  updated: optionalString,
  metadata: objectOf({
    title: optionalString,
    publication_date: optionalString,
    version: nullish(oneOf(isString, isNumber)),
    doi: optionalString,
    resource_type: nullish(objectOf({ type: isString, subtype: optionalString, title: optionalString })),
    communities: nullish(arrayOf(objectOf({ id: isString }))),
    creators: nullish(arrayOf(objectOf({ name: isString }))),
    keywords: nullish(arrayOf(isString)),
    relations: nullish(objectOf({ version: nullish(arrayOf(objectOf({ parent: nullish(objectOf({ pid_value: idLike })) }))) })),
  }),
  links: nullish(objectOf({ self_html: optionalString, html: optionalString })),
  stats: nullish(
    objectOf({
      downloads: optionalCount,
      unique_downloads: optionalCount,
      views: optionalCount,
      unique_views: optionalCount,
      version_downloads: optionalCount,
      version_unique_downloads: optionalCount,
      version_views: optionalCount,
      version_unique_views: optionalCount,
    }),
  ),
});

const searchPage = objectOf({
  hits: objectOf({ hits: arrayOf(isAnything), total: isCount }),
  links: nullish(objectOf({ self: optionalString, next: optionalString })),
});

const community = objectOf({
  id: isString,
  slug: isString,
  metadata: nullish(objectOf({ title: optionalString })),
  links: nullish(objectOf({ self_html: optionalString })),
});

/**
 * Whether a hit certainly fits `legacyRecordSchema`, without zod; `false` means "ask zod" (see shape-checks.ts).
 *
 * @example
 * fitsLegacyRecord({ id: 17897525, metadata: {} }); // true
 */
export function fitsLegacyRecord(raw: unknown): raw is LegacyRecord {
  return legacyRecord(raw);
}

/** Whether a body certainly fits `legacySearchPageSchema` (a page of search results, either format). */
export function fitsSearchPage(body: unknown): body is LegacySearchPage {
  return searchPage(body);
}

/** Whether a body certainly fits `communitySchema`. */
export function fitsCommunity(body: unknown): body is Community {
  return community(body);
}
