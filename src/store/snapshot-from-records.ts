import type { ZenodoRecord } from '../records/zenodo-record.js';
import type { NewSnapshot, RecordMetadata, SnapshotRecord } from './snapshot.js';

export interface SnapshotFromRecordsInput {
  collection: string;
  baseUrl: string;
  /** When the listing finished, ms since the epoch. */
  takenAt: number;
  records: readonly ZenodoRecord[];
}

/**
 * An API snapshot of a complete listing: the eight counters and the concept id of every record, and their
 * metadata (kept apart and updated by each snapshot).
 *
 * @example
 * const snapshot = snapshotFromRecords({ collection: 'nfdi4bioimage', baseUrl, takenAt: Date.now(), records });
 */
export function snapshotFromRecords(input: SnapshotFromRecordsInput): NewSnapshot {
  const records: SnapshotRecord[] = input.records.map((r) => ({
    recordId: r.id,
    conceptId: r.conceptId,
    downloads: r.stats?.allVersions.downloads ?? null,
    uniqueDownloads: r.stats?.allVersions.uniqueDownloads ?? null,
    views: r.stats?.allVersions.views ?? null,
    uniqueViews: r.stats?.allVersions.uniqueViews ?? null,
    versionDownloads: r.stats?.thisVersion.downloads ?? null,
    versionUniqueDownloads: r.stats?.thisVersion.uniqueDownloads ?? null,
    versionViews: r.stats?.thisVersion.views ?? null,
    versionUniqueViews: r.stats?.thisVersion.uniqueViews ?? null,
    volume: null,
  }));
  const metadata: RecordMetadata[] = input.records.map((r) => ({
    recordId: r.id,
    conceptId: r.conceptId,
    doi: r.doi,
    conceptDoi: r.conceptDoi,
    title: r.title,
    resourceType: r.resourceType,
    publicationDate: r.publicationDate,
    version: r.version,
    url: r.url,
    communities: r.communities,
    creators: r.creators,
    keywords: r.keywords,
    created: r.created,
  }));
  return {
    collection: input.collection,
    baseUrl: input.baseUrl,
    takenAt: new Date(input.takenAt).toISOString(),
    source: 'api',
    complete: true,
    records,
    metadata,
  };
}
