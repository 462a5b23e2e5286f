/**
 * Yes-or-no checks of JSON values, each accepting no more than the zod schema it stands for: the quick way
 * through for the hits of a listing (issue 14, start-up: zod costs some 40 ms to load and 60 ms to check 150
 * hits). A value a check refuses goes to the zod schema, which accepts it or names what is wrong; so a check may
 * be stricter than its schema (plain objects only, safe integers only), never looser.
 */

/** Whether a value fits. */
export type Check = (value: unknown) => boolean;

/** A plain object, as `JSON.parse` makes them (zod's `z.object` accepts at least these). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `z.string()` */
export const isString: Check = (value) => typeof value === 'string';
/** `z.string().min(1)` */
export const isNonEmptyString: Check = (value) => typeof value === 'string' && value.length > 0;
/** `z.boolean()` */
export const isBoolean: Check = (value) => typeof value === 'boolean';
/** `z.number()` */
export const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
/** `z.number().nonnegative()` */
export const isNonNegative: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
/** `z.number().int().nonnegative()` */
export const isCount: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
/** `z.number().int().positive()` */
export const isPositiveInt: Check = (value) => Number.isSafeInteger(value) && (value as number) > 0;
/** `z.unknown()` */
export const isAnything: Check = () => true;

/** `schema.nullish()`: absent, `null`, or fits. */
export const nullish = (check: Check): Check => (value) => value === undefined || value === null || check(value);

/** `z.object({…}).loose()`: an object whose listed fields fit (other keys pass). */
export function objectOf(fields: Readonly<Record<string, Check>>): Check {
  const entries = Object.entries(fields);
  return (value) => isPlainObject(value) && entries.every(([key, check]) => check(value[key]));
}

/** `z.array(schema)` */
export const arrayOf = (check: Check): Check => (value) => Array.isArray(value) && value.every((item) => check(item));

/** `z.record(z.string(), schema)` */
export const recordOf = (check: Check): Check => (value) => isPlainObject(value) && Object.values(value).every((item) => check(item));

/** `z.union([…])` */
export const oneOf = (...checks: Check[]): Check => (value) => checks.some((check) => check(value));
