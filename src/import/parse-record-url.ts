import type { RecordKey } from './types.js';

/** Zenodo's own site and its sandbox (https://developers.zenodo.org/#testing). */
const zenodoHosts = new Set(['zenodo.org', 'sandbox.zenodo.org']);
const doiResolverHosts = new Set(['doi.org', 'dx.doi.org']);
/**
 * Zenodo mints `10.5281/zenodo.N`, where N is the record id (or, for a concept DOI, the concept id). The
 * sandbox mints under DataCite's test prefix `10.5072`.
 */
const zenodoDoiPattern = /^10\.(?:5281|5072)\/zenodo\.(\d+)$/i;
const bareDoiPattern = /^(?:doi:\s*)?(10\.\d{4,9}\/\S+)$/i;
const schemePattern = /^[a-z][a-z\d+.-]*:\/\//i;

/**
 * What a URL or DOI from a CSV row points at. Accepts the record page (`/records/N`, old `/record/N`, also
 * with `?query`, `#fragment`, a trailing slash, a subpath such as `/files/x`, `http:`, `www.`, the sandbox,
 * `/api/records/N`), Zenodo DOIs (`https://doi.org/…`, `dx.doi.org`, `doi:…`, bare `10.5281/zenodo.N`) and the
 * concept-DOI landing form `https://zenodo.org/doi/10.5281/zenodo.N`. Anything else is `unkeyable` with a reason.
 *
 * @example
 * ```ts
 * parseRecordUrl('https://zenodo.org/records/1175282#.WyP61xy-l5E'); // { kind: 'record', recordId: '1175282' }
 * parseRecordUrl('https://doi.org/10.5281/zenodo.4071471');         // { kind: 'doi', id: '4071471' }
 * parseRecordUrl('https://zenodo.org/doi/10.5281/zenodo.10008464'); // { kind: 'concept-doi', conceptId: '10008464' }
 * parseRecordUrl('https://zenodo.org/communities/nfdi4bioimage');   // { kind: 'unkeyable', reason: 'a community page, not a record' }
 * ```
 */
export function parseRecordUrl(url: string): RecordKey {
  const text = url.trim();
  if (text === '') return unkeyable('empty URL');

  const bareDoi = bareDoiPattern.exec(text);
  if (bareDoi?.[1] !== undefined) return keyFromDoi(bareDoi[1], 'doi');

  let parsed: URL;
  try {
    // `zenodo.org/records/1` without a scheme is still meant as a link.
    parsed = new URL(schemePattern.test(text) ? text : `https://${text}`);
  } catch {
    return unkeyable(`not a URL: ${text}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return unkeyable(`not a web URL (${parsed.protocol})`);
  }
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  const segments = parsed.pathname.split('/').filter((s) => s !== '');

  if (doiResolverHosts.has(host)) {
    const doi = decodePath(segments.join('/'));
    return doi === null ? unkeyable(`not a DOI: ${parsed.pathname}`) : keyFromDoi(doi, 'doi');
  }
  if (!zenodoHosts.has(host)) return unkeyable(`not a Zenodo URL (${host})`);

  const [first, second, third] = segments;
  if ((first === 'records' || first === 'record') && second !== undefined) {
    return keyFromRecordId(second);
  }
  if (first === 'api' && second === 'records' && third !== undefined) {
    return keyFromRecordId(third);
  }
  if (first === 'doi' && second !== undefined) {
    const doi = decodePath(segments.slice(1).join('/'));
    return doi === null ? unkeyable(`not a DOI: ${parsed.pathname}`) : keyFromDoi(doi, 'concept-doi');
  }
  if (first === 'communities') return unkeyable('a community page, not a record');
  return unkeyable(`not a record page: ${parsed.pathname}`);
}

function keyFromRecordId(segment: string): RecordKey {
  const id = normalizeId(segment);
  return id === null ? unkeyable(`not a record id: ${segment}`) : { kind: 'record', recordId: id };
}

function keyFromDoi(doi: string, kind: 'doi' | 'concept-doi'): RecordKey {
  const match = zenodoDoiPattern.exec(doi);
  const id = match?.[1] === undefined ? null : normalizeId(match[1]);
  if (id === null) return unkeyable(`not a Zenodo DOI: ${doi}`);
  return kind === 'doi' ? { kind: 'doi', id } : { kind: 'concept-doi', conceptId: id };
}

/** Decimal digits without leading zeros, or `null` (ids start at 1). */
function normalizeId(text: string): string | null {
  if (!/^\d+$/.test(text)) return null;
  const id = text.replace(/^0+/, '');
  return id === '' ? null : id;
}

function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

function unkeyable(reason: string): RecordKey {
  return { kind: 'unkeyable', reason };
}
