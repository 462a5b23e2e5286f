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
  return {
    collection: input.collection,
    baseUrl: input.baseUrl,
    takenAt: new Date(input.takenAt).toISOString(),
    source: 'api',
    complete: true,
    records: input.records.map(snapshotRecordOf),
    metadata: input.records.map(recordMetadataOf),
  };
}

/** A record's counters as a snapshot keeps them: all-version and this-version, `null` where Zenodo sent none. */
export function snapshotRecordOf(r: ZenodoRecord): SnapshotRecord {
  return {
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
    // Bytes downloaded: only InvenioRDM JSON carries them (SHAPES.md); legacy records have none.
    volume: r.volume?.allVersions ?? null,
  };
}

/** A record's descriptive fields, as the store keeps them beside the counters. */
export function recordMetadataOf(r: ZenodoRecord): RecordMetadata {
  return {
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
    goneAt: null,
    fileCount: wholeOrNull(r.files?.count),
    sizeBytes: wholeOrNull(r.files?.totalBytes),
  };
}

/** Sizes and counts are whole bytes and files; the JSON schema only says "a number", so anything else is unknown. */
function wholeOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : null;
}
