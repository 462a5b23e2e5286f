/**
 * What every `SnapshotStore` must do, as a reusable node:test suite: the SQLite store runs it today
 * (test/sqlite-store.test.ts), a PostgreSQL store will run the same one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type {
  LoadedSnapshot,
  NewSnapshot,
  RecordLookup,
  RecordMetadata,
  SnapshotInfo,
  SnapshotRecord,
  SnapshotStore,
} from '../../src/snapshot/snapshot.js';
import { StoreError } from '../../src/store/store-error.js';

export interface OpenedStore {
  store: SnapshotStore;
  /** Removes whatever `open` created. Called after the store is closed. */
  cleanup: () => Promise<void>;
}

/** A place where no store is yet (a file path, an empty schema), for the tests of read-only opens. */
export interface StoreLocation {
  /** Opens the store there: for writing (creating it) by default, for reading only with `readOnly`. */
  open: (options?: { readOnly?: boolean }) => Promise<SnapshotStore>;
  /** Whether anything of a store is there: a file (or its lock or journal), tables. */
  exists: () => Promise<boolean>;
  /** Removes whatever was made there. */
  cleanup: () => Promise<void>;
}

/** A record with every counter `null` unless given. */
export function snapshotRecord(
  recordId: string,
  values: Partial<Omit<SnapshotRecord, 'recordId'>> = {},
): SnapshotRecord {
  return {
    recordId,
    conceptId: null,
    downloads: null,
    uniqueDownloads: null,
    views: null,
    uniqueViews: null,
    versionDownloads: null,
    versionUniqueDownloads: null,
    versionViews: null,
    versionUniqueViews: null,
    volume: null,
    ...values,
  };
}

export function recordMetadata(
  recordId: string,
  values: Partial<Omit<RecordMetadata, 'recordId'>> = {},
): RecordMetadata {
  return {
    recordId,
    conceptId: null,
    doi: `10.5281/zenodo.${recordId}`,
    conceptDoi: null,
    title: `Record ${recordId}`,
    resourceType: 'dataset',
    publicationDate: '2024-05-01',
    version: null,
    url: `https://zenodo.org/records/${recordId}`,
    communities: ['nfdi4bioimage'],
    creators: ['Doe, Jane'],
    keywords: [],
    created: null,
    goneAt: null,
    fileCount: null,
    sizeBytes: null,
    ...values,
  };
}

/** An API snapshot of `collection` taken at noon UTC of `day`, unless overridden. */
export function newSnapshot<Records extends Iterable<SnapshotRecord>>(
  day: string,
  records: Records,
  values: Partial<NewSnapshot<Records>> = {},
): NewSnapshot<Records> {
  return {
    collection: 'nfdi4bioimage',
    baseUrl: 'https://zenodo.org',
    takenAt: `${day}T12:00:00.000Z`,
    source: 'api',
    complete: true,
    records,
    ...values,
  };
}

/** Everything a store shows through its interface, for "nothing changed" comparisons. */
export async function dumpStore(store: SnapshotStore): Promise<{
  snapshots: SnapshotInfo[];
  collections: Record<string, LoadedSnapshot[]>;
  metadata: RecordMetadata[];
}> {
  const snapshots = await store.listSnapshots();
  const collections: Record<string, LoadedSnapshot[]> = {};
  for (const name of [...new Set(snapshots.map((s) => s.collection))].sort()) {
    collections[name] = await store.loadCollection(name);
  }
  const metadata = [...(await store.recordMetadata()).values()];
  return { snapshots, collections, metadata };
}

/** The messages of an error and its causes: a store may wrap the error it was given. */
function errorChain(error: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = error; e !== undefined && messages.length < 10; e = (e as { cause?: unknown }).cause) {
    messages.push(e instanceof Error ? e.message : String(e));
    if (!(e instanceof Error)) break;
  }
  return messages.join(' <- ');
}

function byRecordId(a: SnapshotRecord, b: SnapshotRecord): number {
  return a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0;
}

/** Counts every property read of the objects it wraps and throws on the `failAt`-th. */
function createFaultInjector(failAt: number): { wrap: <T extends object>(target: T) => T; reads: () => number } {
  let reads = 0;
  return {
    reads: () => reads,
    wrap: (target) =>
      new Proxy(target, {
        get(object, key, receiver) {
          reads += 1;
          if (reads === failAt) throw new Error(`injected failure at read ${reads}`);
          return Reflect.get(object, key, receiver);
        },
      }),
  };
}

/**
 * Items as an iterable that counts how often it was iterated, how many items were pulled and whether the
 * iteration was closed (ran to its end, or was stopped by the store).
 */
function trackedIterable<T>(items: Iterable<T>): {
  iterable: Iterable<T>;
  iterations: () => number;
  pulled: () => number;
  closed: () => boolean;
} {
  let iterations = 0;
  let pulled = 0;
  let closed = false;
  function* generate(): Generator<T> {
    try {
      for (const item of items) {
        pulled += 1;
        yield item;
      }
    } finally {
      closed = true;
    }
  }
  return {
    iterable: {
      [Symbol.iterator]: () => {
        iterations += 1;
        return generate();
      },
    },
    iterations: () => iterations,
    pulled: () => pulled,
    closed: () => closed,
  };
}

/**
 * `count` records in record-id order with every kind of value a store must keep exactly: null beside 0 and -0,
 * int32 limits, a counter that turns fractional late (past the first 1024 records), whole numbers beyond 2^31 and
 * 2^53, the largest double, and columns that stay null. The last one's id is not a number.
 */
function* variedRecords(count: number): Generator<SnapshotRecord> {
  for (let i = 0; i < count; i++) {
    yield snapshotRecord(i === count - 1 ? 'zz-ü' : String(i).padStart(6, '0'), {
      conceptId: i % 4 === 0 ? null : `c${i}`,
      downloads: i,
      uniqueDownloads: i % 5 === 0 ? null : i,
      views: i === 0 ? -0 : i % 7 === 0 ? 0 : 3 * i,
      uniqueViews: i === count - 1 ? 2 ** 53 : null,
      versionDownloads: i < 1500 ? i : i + 0.25,
      versionUniqueDownloads: i === 5 ? -(2 ** 31) : i % 2 === 0 ? 2 ** 31 - 1 : -i,
      versionViews: i === 1 ? Number.MAX_VALUE : i % 3 === 0 ? null : 1e-300,
      volume: i % 3 === 0 ? null : i * 1.5e9,
    });
  }
}

/** `count` records with zero-padded ids in record-id order; `last` overrides the last one's fields. */
function* sortedRecords(count: number, last: Partial<SnapshotRecord> = {}): Generator<SnapshotRecord> {
  for (let i = 1; i <= count; i++) {
    yield snapshotRecord(String(i).padStart(6, '0'), { downloads: i, ...(i === count ? last : {}) });
  }
}

/** `count` metadata items whose zero-padded ids come in record-id order; `last` overrides the last one's fields. */
function* sortedMetadata(count: number, last: Partial<RecordMetadata> = {}): Generator<RecordMetadata> {
  for (let i = 1; i <= count; i++) {
    yield recordMetadata(String(i).padStart(6, '0'), i === count ? last : {});
  }
}

/**
 * Iterables that throw the same `failure` in every way a caller's stream can: after 12 000 good items (more than
 * the PostgreSQL store writes per statement), before the first, when asked for an iterator, and from a getter of
 * `item`'s `field` (in an array and in a generator). The failure is what a caller streaming from disk or network
 * may throw; a store must not take it for its own.
 */
function failingIterables<T extends object>(
  good: (count: number) => Iterable<T>,
  item: T,
  field: keyof T,
): { failure: Error; sources: (() => Iterable<T>)[] } {
  const failure = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  function* failingAfter(count: number): Generator<T> {
    yield* good(count);
    throw failure;
  }
  Object.defineProperty(item, field, {
    enumerable: true,
    get: () => {
      throw failure;
    },
  });
  function* failingItem(): Generator<T> {
    yield item;
  }
  const sources = [
    () => failingAfter(12_000),
    () => failingAfter(0),
    () => ({
      [Symbol.iterator]: (): Iterator<T> => {
        throw failure;
      },
    }),
    () => [item],
    () => failingItem(),
  ];
  return { failure, sources };
}

/** Resolves to what a promise rejects with. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('expected the save to fail'),
    (error: unknown) => error,
  );
}

function assertInvalidInput(error: unknown, message: RegExp): void {
  assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
  assert.equal(error.reason, 'invalid-input');
  assert.match(error.message, message);
}

let gc: (() => void) | undefined;

/** A full garbage collection, so that the heap holds only what is still referenced. */
function collectGarbage(): void {
  if (gc === undefined) {
    // `gc` appears only in contexts created after the flag is set, hence the new context.
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Declares the contract tests. `open` gives a fresh, empty store for each test.
 *
 * @example
 * describeSnapshotStoreContract(
 *   'SQLite',
 *   async () => {
 *     const path = join(root, `${randomUUID()}.sqlite`);
 *     return { store: await openSqliteStore(path), cleanup: () => rm(path, { force: true }) };
 *   },
 *   async () => {
 *     const path = join(root, `${randomUUID()}.sqlite`);
 *     return { open: (o) => openSqliteStore(path, o), exists: () => fileExists(path), cleanup: () => rm(path, { force: true }) };
 *   },
 * );
 */
export function describeSnapshotStoreContract(
  name: string,
  open: () => Promise<OpenedStore>,
  location: () => Promise<StoreLocation>,
): void {
  async function withStore(test: (store: SnapshotStore) => Promise<void>): Promise<void> {
    const { store, cleanup } = await open();
    try {
      await test(store);
    } finally {
      await store.close();
      await cleanup();
    }
  }

  describe(`SnapshotStore contract: ${name}`, () => {
    it('saves, lists and loads a snapshot, keeping null apart from 0', () =>
      withStore(async (store) => {
        const records = [
          snapshotRecord('300', { conceptId: '299', downloads: 0, uniqueDownloads: null, views: 12, uniqueViews: 0 }),
          snapshotRecord('1000', {
            conceptId: '999',
            downloads: 3_000_000_000,
            uniqueDownloads: 2_999_999_999,
            views: Number.MAX_SAFE_INTEGER,
            uniqueViews: 7,
            versionDownloads: 1,
            versionUniqueDownloads: 1,
            versionViews: 2,
            versionUniqueViews: 2,
            volume: 1_500_000_000_000,
          }),
          snapshotRecord('20'),
          snapshotRecord('21', { versionViews: 0, volume: 0 }),
        ];
        const input = newSnapshot('2026-08-11', records, { notes: ['first note', 'second note'] });
        const saved = await store.saveSnapshot(input);

        assert.equal(saved.unchanged, false);
        assert.equal(saved.replaced, null);
        assert.equal(typeof saved.info.id, 'number');
        assert.match(saved.info.contentHash, /^[0-9a-f]{64}$/);
        assert.deepEqual(saved.info, {
          id: saved.info.id,
          collection: 'nfdi4bioimage',
          baseUrl: 'https://zenodo.org',
          takenAt: '2026-08-11T12:00:00.000Z',
          day: '2026-08-11',
          source: 'api',
          complete: true,
          recordCount: 4,
          contentHash: saved.info.contentHash,
          notes: ['first note', 'second note'],
        });
        // Records come back in record-id string order ('1000' < '20' < '21' < '300'); the caller's array is untouched.
        const sorted = [...records].sort(byRecordId);
        assert.deepEqual(
          sorted.map((r) => r.recordId),
          ['1000', '20', '21', '300'],
        );
        assert.deepEqual(
          records.map((r) => r.recordId),
          ['300', '1000', '20', '21'],
        );
        assert.deepEqual(await store.listSnapshots(), [saved.info]);
        assert.deepEqual(await store.listSnapshots({ collection: 'nfdi4bioimage' }), [saved.info]);
        assert.deepEqual(await store.listSnapshots({ collection: 'other' }), []);
        assert.deepEqual(await store.loadSnapshot(saved.info.id), { info: saved.info, records: sorted });
        assert.deepEqual(await store.loadCollection('nfdi4bioimage'), [{ info: saved.info, records: sorted }]);
      }));

    it('saves an import snapshot without base URL, concepts or metadata, and an empty one', () =>
      withStore(async (store) => {
        const records = [snapshotRecord('7', { downloads: 5, views: 9 }), snapshotRecord('8', { downloads: 0 })];
        const imported = await store.saveSnapshot(
          newSnapshot('2025-01-06', records, { baseUrl: null, source: 'import:2025-01-06.csv', complete: false }),
        );
        assert.equal(imported.info.baseUrl, null);
        assert.equal(imported.info.complete, false);
        assert.deepEqual(imported.info.notes, []);
        const empty = await store.saveSnapshot(newSnapshot('2025-01-13', []));
        assert.equal(empty.info.recordCount, 0);
        assert.deepEqual(await store.loadCollection('nfdi4bioimage'), [
          { info: imported.info, records },
          { info: empty.info, records: [] },
        ]);
        assert.deepEqual(await store.recordMetadata(), new Map());
      }));

    it('loads an empty snapshot and, after it, one of a single record with no concept', () =>
      withStore(async (store) => {
        // Both hold an empty list of concept ids, packed as the same empty text: the second has one empty entry.
        const empty = await store.saveSnapshot(newSnapshot('2025-01-06', []));
        const records = [snapshotRecord('7', { downloads: 5 })];
        const one = await store.saveSnapshot(newSnapshot('2025-01-13', records));
        assert.deepEqual(await store.loadCollection('nfdi4bioimage'), [
          { info: empty.info, records: [] },
          { info: one.info, records },
        ]);
        const columns = await store.loadCollectionColumns('nfdi4bioimage');
        assert.deepEqual(
          columns.map((s) => [s.recordIds, s.conceptIds]),
          [
            [[], []],
            [['7'], [null]],
          ],
        );
      }));

    it('keeps one snapshot per collection per UTC day: a later save that day replaces it', () =>
      withStore(async (store) => {
        const first = await store.saveSnapshot(
          newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 1 })], { takenAt: '2026-08-11T00:00:00.000Z' }),
        );
        const second = await store.saveSnapshot(
          newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 2 })], { takenAt: '2026-08-11T23:59:59.999Z' }),
        );
        assert.equal(second.unchanged, false);
        assert.deepEqual(second.replaced, first.info);
        assert.deepEqual(await store.listSnapshots(), [second.info]);
        if (first.info.id !== second.info.id) assert.equal(await store.loadSnapshot(first.info.id), null);

        // 01:30 at +02:00 is still 11 August in UTC; takenAt is stored in UTC.
        const third = await store.saveSnapshot(
          newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 3 })], { takenAt: '2026-08-12T01:30:00+02:00' }),
        );
        assert.equal(third.info.day, '2026-08-11');
        assert.equal(third.info.takenAt, '2026-08-11T23:30:00.000Z');
        assert.deepEqual(third.replaced, second.info);

        const nextDay = await store.saveSnapshot(
          newSnapshot('2026-08-12', [snapshotRecord('1', { downloads: 4 })], { takenAt: '2026-08-12T00:00:00.000Z' }),
        );
        assert.equal(nextDay.replaced, null);
        const otherCollection = await store.saveSnapshot(
          newSnapshot('2026-08-12', [snapshotRecord('1', { downloads: 5 })], { collection: 'other' }),
        );
        assert.equal(otherCollection.replaced, null);

        assert.deepEqual(await store.listSnapshots(), [third.info, nextDay.info, otherCollection.info]);
        assert.deepEqual(await store.listSnapshots({ collection: 'other' }), [otherCollection.info]);
        assert.deepEqual(
          (await store.loadCollection('nfdi4bioimage')).map((s) => s.records[0]?.downloads),
          [3, 4],
        );
      }));

    it('recognises an identical re-save and changes nothing', () =>
      withStore(async (store) => {
        const one = snapshotRecord('1', { downloads: 1, conceptId: '0' });
        const records = [one, snapshotRecord('2', { views: 0 })];
        const metadata = [recordMetadata('1', { conceptId: '0' })];
        const first = await store.saveSnapshot(newSnapshot('2026-08-11', records, { metadata }));
        const before = await dumpStore(store);

        const again = await store.saveSnapshot(newSnapshot('2026-08-11', [...records].reverse(), { metadata }));
        assert.deepEqual(again, { info: first.info, replaced: null, unchanged: true });
        const laterThatDay = await store.saveSnapshot(
          newSnapshot('2026-08-11', records, { takenAt: '2026-08-11T18:00:00.000Z' }),
        );
        assert.deepEqual(laterThatDay, { info: first.info, replaced: null, unchanged: true });
        assert.deepEqual(await dumpStore(store), before);

        // The same counters from another source, or marked incomplete, are a different snapshot.
        const otherSource = await store.saveSnapshot(newSnapshot('2026-08-11', records, { source: 'import:a.csv' }));
        assert.equal(otherSource.unchanged, false);
        assert.deepEqual(otherSource.replaced, first.info);
        assert.equal(otherSource.info.contentHash, first.info.contentHash);
        const partial = await store.saveSnapshot(
          newSnapshot('2026-08-11', records, { source: 'import:a.csv', complete: false }),
        );
        assert.equal(partial.unchanged, false);
        assert.notEqual(partial.info.contentHash, first.info.contentHash);
        // A counter going from 0 to null is a change.
        const nulled = await store.saveSnapshot(
          newSnapshot('2026-08-11', [one, snapshotRecord('2')], {
            source: 'import:a.csv',
            complete: false,
          }),
        );
        assert.equal(nulled.unchanged, false);
      }));

    it('rejects duplicate record ids, naming them, and writes nothing', () =>
      withStore(async (store) => {
        await store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('7', { downloads: 1 })]));
        const before = await dumpStore(store);
        const duplicated = ['7', '8', '7', '9', '9', '9'].map((id) => snapshotRecord(id, { downloads: 2 }));
        await assert.rejects(store.saveSnapshot(newSnapshot('2026-08-11', duplicated)), (error: Error) => {
          assert.match(error.message, /\b7\b/);
          assert.match(error.message, /\b9\b/);
          assert.doesNotMatch(error.message, /\b8\b/);
          return true;
        });
        await assert.rejects(store.saveSnapshot(newSnapshot('2026-08-12', duplicated)));
        assert.deepEqual(await dumpStore(store), before);
      }));

    it('rejects malformed snapshots and writes nothing', () =>
      withStore(async (store) => {
        await store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('7', { downloads: 1 })]));
        const before = await dumpStore(store);
        const records = [snapshotRecord('7', { downloads: 2 })];
        const bad: NewSnapshot[] = [
          newSnapshot('2026-08-11', [snapshotRecord('7', { downloads: Number.NaN })]),
          newSnapshot('2026-08-11', [snapshotRecord('7', { views: Number.POSITIVE_INFINITY })]),
          newSnapshot('2026-08-11', [snapshotRecord('7', { volume: Number.NEGATIVE_INFINITY })]),
          newSnapshot('2026-08-11', [snapshotRecord('7', { uniqueViews: '5' as unknown as number })]),
          newSnapshot('2026-08-11', [snapshotRecord('')]),
          newSnapshot('2026-08-11', [null as unknown as SnapshotRecord]),
          newSnapshot('2026-08-11', 'abc' as unknown as SnapshotRecord[]),
          newSnapshot('2026-08-11', records, { takenAt: 'yesterday' }),
          newSnapshot('2026-08-11', records, { takenAt: '2026-02-30T12:00:00.000Z' }),
          newSnapshot('2026-08-11', records, { collection: '' }),
          newSnapshot('2026-08-11', records, { metadata: [recordMetadata('7', { title: 42 as unknown as string })] }),
        ];
        for (const snapshot of bad) {
          await assert.rejects(store.saveSnapshot(snapshot), Error, JSON.stringify(snapshot));
        }
        assert.deepEqual(await dumpStore(store), before);
      }));

    it('leaves the store as it was when reading the input fails at any point of a save', () =>
      withStore(async (store) => {
        const original = await store.saveSnapshot(
          newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 1 }), snapshotRecord('2', { downloads: 1 })], {
            metadata: [recordMetadata('1', { title: 'original' })],
          }),
        );
        const before = await dumpStore(store);

        // A getter that always throws, on a record and on metadata.
        const throwing = snapshotRecord('3');
        Object.defineProperty(throwing, 'views', {
          enumerable: true,
          get: () => {
            throw new Error('views unavailable');
          },
        });
        await assert.rejects(
          store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 9 }), throwing])),
          (error) => /views unavailable/.test(errorChain(error)),
        );
        const throwingMetadata = recordMetadata('1');
        Object.defineProperty(throwingMetadata, 'keywords', {
          enumerable: true,
          get: () => {
            throw new Error('keywords unavailable');
          },
        });
        await assert.rejects(
          store.saveSnapshot(
            newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 9 })], { metadata: [throwingMetadata] }),
          ),
          (error) => /keywords unavailable/.test(errorChain(error)),
        );
        assert.deepEqual(await dumpStore(store), before);

        // Then a failure at every single property read of a replacement snapshot, one save attempt each.
        const replacement = (wrap: <T extends object>(target: T) => T): NewSnapshot =>
          wrap(
            newSnapshot(
              '2026-08-11',
              wrap(
                [snapshotRecord('1', { downloads: 5, conceptId: '0' }), snapshotRecord('4', { views: 3 })].map(wrap),
              ),
              {
                takenAt: '2026-08-11T20:00:00.000Z',
                metadata: wrap([recordMetadata('1', { title: 'replacement', keywords: ['a'] })].map(wrap)),
                notes: wrap(['note']),
              },
            ),
          );
        let failAt = 1;
        for (; failAt < 10_000; failAt += 1) {
          const injector = createFaultInjector(failAt);
          const snapshot = replacement(injector.wrap);
          const outcome = await store.saveSnapshot(snapshot).then(
            (result) => ({ result }),
            (error: unknown) => ({ error }),
          );
          if ('result' in outcome) {
            assert.ok(injector.reads() < failAt, 'the save succeeded although a read failed');
            assert.deepEqual(outcome.result.replaced, original.info);
            break;
          }
          assert.match(errorChain(outcome.error), /injected failure/);
          assert.deepEqual(await dumpStore(store), before, `store changed after a failure at read ${failAt}`);
        }
        assert.ok(failAt > 1 && failAt < 10_000);
        const [after] = await store.loadCollection('nfdi4bioimage');
        assert.deepEqual(
          after?.records.map((r) => [r.recordId, r.downloads, r.views]),
          [
            ['1', 5, null],
            ['4', null, 3],
          ],
        );
        assert.equal((await store.recordMetadata(['1'])).get('1')?.title, 'replacement');
      }));

    it('loads a collection oldest first, within inclusive from/to days', () =>
      withStore(async (store) => {
        for (const day of ['2026-08-18', '2026-08-04', '2026-08-11']) {
          await store.saveSnapshot(newSnapshot(day, [snapshotRecord('2'), snapshotRecord('10'), snapshotRecord('1')]));
        }
        await store.saveSnapshot(
          newSnapshot('2026-08-11', [snapshotRecord('5')], {
            collection: 'other',
            takenAt: '2026-08-11T13:00:00.000Z',
          }),
        );
        const days = async (options?: { from?: string; to?: string }): Promise<string[]> =>
          (await store.loadCollection('nfdi4bioimage', options)).map((s) => s.info.day);
        assert.deepEqual(await days(), ['2026-08-04', '2026-08-11', '2026-08-18']);
        assert.deepEqual(await days({ from: '2026-08-11' }), ['2026-08-11', '2026-08-18']);
        assert.deepEqual(await days({ to: '2026-08-11' }), ['2026-08-04', '2026-08-11']);
        assert.deepEqual(await days({ from: '2026-08-05', to: '2026-08-17' }), ['2026-08-11']);
        assert.deepEqual(await days({ from: '2026-08-11', to: '2026-08-11' }), ['2026-08-11']);
        assert.deepEqual(await days({ from: '2026-08-19' }), []);
        assert.deepEqual(await days({ from: '2026-08-18', to: '2026-08-04' }), []);
        assert.deepEqual(await store.loadCollection('nobody'), []);
        for (const snapshot of await store.loadCollection('nfdi4bioimage')) {
          assert.deepEqual(
            snapshot.records.map((r) => r.recordId),
            ['1', '10', '2'],
          );
        }
        assert.deepEqual(
          (await store.listSnapshots()).map((s) => `${s.collection} ${s.day}`),
          ['nfdi4bioimage 2026-08-04', 'nfdi4bioimage 2026-08-11', 'other 2026-08-11', 'nfdi4bioimage 2026-08-18'],
        );
      }));

    it('upserts metadata (the newest snapshot wins) and resolves concepts to their newest record', () =>
      withStore(async (store) => {
        const records = [snapshotRecord('100'), snapshotRecord('120'), snapshotRecord('5')];
        const v1 = recordMetadata('100', {
          conceptId: '99',
          created: '2024-01-01T00:00:00+00:00',
          title: 'v1',
          creators: ['Doe, Jane', 'Roe, Richard'],
          keywords: ['microscopy', 'FAIR'],
          communities: ['nfdi4bioimage', 'other'],
          version: '1.0',
          conceptDoi: '10.5281/zenodo.99',
        });
        const v2 = recordMetadata('120', { conceptId: '99', created: '2025-06-01T00:00:00+00:00', title: 'v2' });
        const lone = recordMetadata('5', { conceptId: '4', doi: null, url: 'https://zenodo.org/records/5' });
        await store.saveSnapshot(newSnapshot('2026-08-01', records, { metadata: [v1, v2, lone] }));

        assert.deepEqual(
          await store.recordMetadata(),
          new Map([
            ['100', v1],
            ['120', v2],
            ['5', lone],
          ]),
        );
        assert.deepEqual(await store.recordMetadata(['120', 'unknown']), new Map([['120', v2]]));
        assert.deepEqual(await store.recordMetadata([]), new Map());
        assert.equal(await store.resolveConcept('99'), '120');
        assert.equal(await store.resolveConcept('4'), '5');
        assert.equal(await store.resolveConcept('unknown'), null);

        const renamed = { ...v1, title: 'v1 renamed' };
        await store.saveSnapshot(newSnapshot('2026-08-03', records, { metadata: [renamed] }));
        assert.equal((await store.recordMetadata(['100'])).get('100')?.title, 'v1 renamed');
        // An older snapshot saved afterwards (a late import, say) does not overwrite newer metadata.
        await store.saveSnapshot(newSnapshot('2026-08-02', records, { metadata: [{ ...v1, title: 'stale' }] }));
        assert.equal((await store.recordMetadata(['100'])).get('100')?.title, 'v1 renamed');

        // Equal creation dates: the higher record id wins, compared as a number (10 > 9).
        const created = '2025-01-01T00:00:00+00:00';
        await store.saveSnapshot(
          newSnapshot('2026-08-04', [snapshotRecord('9'), snapshotRecord('10')], {
            collection: 'tie',
            metadata: [
              recordMetadata('9', { conceptId: '8', created }),
              recordMetadata('10', { conceptId: '8', created }),
            ],
          }),
        );
        assert.equal(await store.resolveConcept('8'), '10');
      }));

    it("keeps each record's file count and size; a later row that does not know them keeps the known ones", () =>
      withStore(async (store) => {
        const records = [snapshotRecord('1'), snapshotRecord('2')];
        // 52 GiB: more than a 32-bit integer holds (PostgreSQL returns a BIGINT as text).
        const big = 55_834_574_848;
        await store.saveSnapshot(
          newSnapshot('2026-08-01', records, {
            metadata: [recordMetadata('1', { fileCount: 3, sizeBytes: big }), recordMetadata('2', { fileCount: 0, sizeBytes: 0 })],
          }),
        );
        assert.deepEqual(await store.recordMetadata(), new Map([
          ['1', recordMetadata('1', { fileCount: 3, sizeBytes: big })],
          ['2', recordMetadata('2', { fileCount: 0, sizeBytes: 0 })],
        ]));
        // A later listing in legacy JSON knows no files: the sizes stay; one that knows them replaces them.
        await store.saveSnapshot(
          newSnapshot('2026-08-08', records, {
            metadata: [recordMetadata('1', { title: 'Renamed' }), recordMetadata('2', { fileCount: 1, sizeBytes: 2048 })],
          }),
        );
        assert.deepEqual(await store.recordMetadata(), new Map([
          ['1', recordMetadata('1', { title: 'Renamed', fileCount: 3, sizeBytes: big })],
          ['2', recordMetadata('2', { fileCount: 1, sizeBytes: 2048 })],
        ]));
        // Gone: the row keeps its files.
        await store.saveRecordLookup({ lookedUpAt: '2026-12-07T10:00:00.000Z', found: [], gone: [{ recordId: '1', url: 'https://zenodo.org/records/1' }] });
        assert.equal((await store.recordMetadata(['1'])).get('1')?.sizeBytes, big);
        const error = await rejectionOf(
          store.saveSnapshot(newSnapshot('2026-08-15', records, { metadata: [recordMetadata('1', { sizeBytes: 1.5 }), recordMetadata('2', { fileCount: -1 })] })),
        );
        assertInvalidInput(error, /metadata of 1: sizeBytes must be a whole number of 0 or more, or null/);
        assert.equal((await store.listSnapshots()).length, 2);
      }));

    it('gives the record ids of a collection\'s snapshots that have no metadata, each once: not named, not marked gone', () =>
      withStore(async (store) => {
        assert.deepEqual(await store.recordIdsWithoutMetadata('nfdi4bioimage'), [], 'no snapshot yet');
        await store.saveSnapshot(
          newSnapshot('2026-08-01', [snapshotRecord('1'), snapshotRecord('2'), snapshotRecord('3')], { metadata: [recordMetadata('1')] }),
        );
        await store.saveSnapshot(newSnapshot('2026-08-08', [snapshotRecord('3'), snapshotRecord('4'), snapshotRecord('5')]));
        await store.saveSnapshot(newSnapshot('2026-08-08', [snapshotRecord('9')], { collection: 'training' }));
        await store.saveRecordLookup({ lookedUpAt: '2026-08-09T10:00:00.000Z', found: [], gone: [{ recordId: '4', url: 'https://zenodo.org/records/4' }] });
        assert.deepEqual((await store.recordIdsWithoutMetadata('nfdi4bioimage')).sort(), ['2', '3', '5']);
        assert.deepEqual(await store.recordIdsWithoutMetadata('training'), ['9']);
        assert.deepEqual(await store.recordIdsWithoutMetadata('elsewhere'), []);
      }));

    it('saves a look-up: found records named, gone ones marked with the day (keeping a known title), found again unmarked', () =>
      withStore(async (store) => {
        const records = [snapshotRecord('1'), snapshotRecord('2'), snapshotRecord('3')];
        await store.saveSnapshot(newSnapshot('2026-08-01', records, { metadata: [recordMetadata('1', { title: 'Known before' })] }));
        const named = recordMetadata('2', { title: 'Named by a look-up', keywords: ['FAIR'], creators: ['Roe, Richard'] });
        await store.saveRecordLookup({
          lookedUpAt: '2026-12-07T23:30:00+01:00',
          found: [{ ...named, goneAt: '2020-01-01' }],
          gone: [
            { recordId: '3', url: 'https://zenodo.org/records/3' },
            { recordId: '1', url: 'https://zenodo.org/records/1' },
          ],
        });
        const emptyRow = {
          recordId: '3',
          conceptId: null,
          doi: null,
          conceptDoi: null,
          title: '',
          resourceType: null,
          publicationDate: null,
          version: null,
          url: 'https://zenodo.org/records/3',
          communities: [],
          creators: [],
          keywords: [],
          created: null,
          goneAt: '2026-12-07',
          fileCount: null,
          sizeBytes: null,
        };
        assert.deepEqual(
          await store.recordMetadata(),
          new Map([
            ['1', recordMetadata('1', { title: 'Known before', goneAt: '2026-12-07' })],
            ['2', named],
            ['3', emptyRow],
          ]),
        );
        // Gone again a week later: the first day stays.
        await store.saveRecordLookup({ lookedUpAt: '2026-12-14T10:00:00.000Z', found: [], gone: [{ recordId: '1', url: 'https://zenodo.org/records/1' }] });
        assert.equal((await store.recordMetadata(['1'])).get('1')?.goneAt, '2026-12-07');
        // Listed again by a later snapshot: named and no longer gone.
        await store.saveSnapshot(newSnapshot('2026-12-20', records, { metadata: [recordMetadata('3', { title: 'Back' })] }));
        assert.deepEqual((await store.recordMetadata(['3'])).get('3'), recordMetadata('3', { title: 'Back' }));
        // Found again by a look-up: the mark goes too.
        await store.saveRecordLookup({ lookedUpAt: '2026-12-21T10:00:00.000Z', found: [recordMetadata('1', { title: 'Known again' })], gone: [] });
        assert.deepEqual((await store.recordMetadata(['1'])).get('1'), recordMetadata('1', { title: 'Known again' }));
        // A look-up older than the newest metadata does not overwrite it.
        await store.saveRecordLookup({ lookedUpAt: '2026-12-01T10:00:00.000Z', found: [recordMetadata('3', { title: 'stale' })], gone: [] });
        assert.equal((await store.recordMetadata(['3'])).get('3')?.title, 'Back');
      }));

    it('rejects a bad look-up, naming the problems, and writes nothing', () =>
      withStore(async (store) => {
        await store.saveSnapshot(newSnapshot('2026-08-01', [snapshotRecord('1')], { metadata: [recordMetadata('1')] }));
        const before = await dumpStore(store);
        for (const [lookup, message] of [
          [{ lookedUpAt: 'yesterday', found: [], gone: [] }, /lookedUpAt must be an ISO 8601 date/],
          [{ lookedUpAt: '2026-12-07T10:00:00Z', found: [recordMetadata('1', { title: 7 as unknown as string })], gone: [] }, /metadata of 1: title must be a string/],
          [{ lookedUpAt: '2026-12-07T10:00:00Z', found: [recordMetadata('1')], gone: [{ recordId: '1', url: 'u' }] }, /lists record 1 more than once/],
          [{ lookedUpAt: '2026-12-07T10:00:00Z', found: [], gone: [{ recordId: '', url: 'u' }] }, /gone #1 must have a non-empty recordId/],
        ] as const) {
          const error = await rejectionOf(store.saveRecordLookup(lookup as unknown as RecordLookup));
          assert.ok(error instanceof StoreError && error.reason === 'invalid-input', String(error));
          assert.match(error.message, message);
        }
        assert.deepEqual(await dumpStore(store), before);
      }));

    it('saves metadata from a generator in record-id order as from an array, reading it once, when it writes', () =>
      withStore(async (store) => {
        const metadata = [
          recordMetadata('1000', { conceptId: '999', keywords: ['microscopy', 'FAIR'], created: '2024-01-01' }),
          recordMetadata('20', { doi: null, creators: [], title: 'Ünïcödé ✓ "quoted"' }),
          recordMetadata('300', { communities: [], version: '1.0' }),
        ];
        const records = metadata.map((m) => snapshotRecord(m.recordId, { downloads: 1 }));
        const tracked = trackedIterable(metadata);
        const snapshot = newSnapshot('2026-08-11', records, { metadata: tracked.iterable });
        assert.equal(tracked.iterations(), 0);
        const saved = await store.saveSnapshot(snapshot);
        assert.equal(saved.unchanged, false);
        assert.deepEqual([tracked.iterations(), tracked.pulled(), tracked.closed()], [1, 3, true]);
        const stored = await store.recordMetadata();
        assert.deepEqual(stored, new Map(metadata.map((m) => [m.recordId, m])));

        // The same metadata as an array in another order, in a store of its own, ends the same.
        const other = await open();
        try {
          await other.store.saveSnapshot(newSnapshot('2026-08-11', records, { metadata: [...metadata].reverse() }));
          assert.deepEqual(await other.store.recordMetadata(), stored);
        } finally {
          await other.store.close();
          await other.cleanup();
        }

        // An identical re-save writes nothing, so it does not read its metadata at all.
        const unread = trackedIterable(metadata.map((m) => ({ ...m, title: 'never written' })));
        const again = await store.saveSnapshot(newSnapshot('2026-08-11', records, { metadata: unread.iterable }));
        assert.equal(again.unchanged, true);
        assert.deepEqual([unread.iterations(), unread.pulled()], [0, 0]);
        assert.deepEqual(await store.recordMetadata(), stored);
      }));

    it('hashes the content as earlier versions did', () =>
      withStore(async (store) => {
        // Computed by the version that hashed one joined string: stored snapshots must still be recognised.
        const records = [
          snapshotRecord('300', { conceptId: '299', downloads: 0, views: -0 }),
          snapshotRecord('1000', {
            conceptId: '999',
            downloads: 3_000_000_000,
            uniqueDownloads: 2_999_999_999,
            views: 12,
            uniqueViews: 0,
            versionDownloads: 1,
            versionUniqueDownloads: 1,
            versionViews: 2,
            versionUniqueViews: 2,
            volume: 1.5,
          }),
          snapshotRecord('20'),
        ];
        const complete = await store.saveSnapshot(newSnapshot('2026-08-11', records));
        assert.equal(complete.info.contentHash, 'ff3b4375022776836d9232858bd9d43e9e52494cc07036946b4834f5d8f91e7c');
        const partial = await store.saveSnapshot(newSnapshot('2026-08-12', records, { complete: false }));
        assert.equal(partial.info.contentHash, '1acdbeb074272bf7893e592ac040e2c4ef2cb43db3f13a80e5961163aaad6555');
        const empty = await store.saveSnapshot(newSnapshot('2026-08-13', []));
        assert.equal(empty.info.contentHash, '37a40f08d8548dba289b9b0bb35bcf63b359f6d37ee86044ebc6b6da080b9ec1');
      }));

    it('rejects metadata from an iterable out of record-id order or with a repeated id, and writes nothing', () =>
      withStore(async (store) => {
        await store.saveSnapshot(
          newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 1 })], {
            metadata: [recordMetadata('1', { title: 'original' })],
          }),
        );
        const before = await dumpStore(store);
        const records = [snapshotRecord('1', { downloads: 2 })];
        function* metadataOf(ids: string[]): Generator<RecordMetadata> {
          for (const id of ids) yield recordMetadata(id, { title: 'new' });
        }
        const cases: [string[], RegExp][] = [
          // '20' < '3' in code-unit order, whatever the numbers say.
          [['1', '3', '20'], /metadata must come in record-id order[^\n]*"20" came after "3"/],
          [['1', '2', '2'], /metadata lists record ids more than once: 2/],
        ];
        for (const [ids, message] of cases) {
          // Replacing the day's snapshot, and as a new day.
          for (const day of ['2026-08-11', '2026-08-12']) {
            const tracked = trackedIterable(metadataOf(ids));
            assertInvalidInput(
              await rejectionOf(store.saveSnapshot(newSnapshot(day, records, { metadata: tracked.iterable }))),
              message,
            );
            assert.equal(tracked.closed(), true, 'the store stops the iteration it gave up on');
          }
        }
        assert.deepEqual(await dumpStore(store), before);

        // An array may come in any order: the store sorts it.
        await store.saveSnapshot(newSnapshot('2026-08-12', records, { metadata: [...metadataOf(['1', '3', '20'])] }));
        assert.deepEqual([...(await store.recordMetadata()).keys()], ['1', '20', '3']);
      }));

    it('rejects an invalid metadata item late in a long iterable, and writes nothing', () =>
      withStore(async (store) => {
        await store.saveSnapshot(
          newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 1 })], { metadata: [...sortedMetadata(3)] }),
        );
        const before = await dumpStore(store);
        // More items than the PostgreSQL store writes per statement: earlier batches are written, then undone.
        const count = 12_001;
        const bad = { title: 42 as unknown as string };
        const message = /metadata of 012001: title must be a string/;
        const records = [snapshotRecord('1', { downloads: 2 })];
        for (const day of ['2026-08-11', '2026-08-12']) {
          const tracked = trackedIterable(sortedMetadata(count, bad));
          const streamed = newSnapshot(day, records, { metadata: tracked.iterable });
          assertInvalidInput(await rejectionOf(store.saveSnapshot(streamed)), message);
          assert.deepEqual([tracked.pulled(), tracked.closed()], [count, true]);
          const array = newSnapshot(day, records, { metadata: [...sortedMetadata(count, bad)] });
          assertInvalidInput(await rejectionOf(store.saveSnapshot(array)), message);
        }
        assert.deepEqual(await dumpStore(store), before);
      }));

    it('passes on the very error a metadata iterable throws, and writes nothing', () =>
      withStore(async (store) => {
        await store.saveSnapshot(
          newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 1 })], { metadata: [...sortedMetadata(3)] }),
        );
        const before = await dumpStore(store);
        const { failure, sources } = failingIterables(sortedMetadata, recordMetadata('000001'), 'title');
        const records = [snapshotRecord('1', { downloads: 2 })];
        for (const source of sources) {
          for (const day of ['2026-08-11', '2026-08-12']) {
            const error = await rejectionOf(store.saveSnapshot(newSnapshot(day, records, { metadata: source() })));
            assert.equal(error, failure);
          }
        }
        assert.deepEqual(await dumpStore(store), before);
      }));

    it('does not hold all the metadata of a long iterable in memory while it saves it', () =>
      withStore(async (store) => {
        const count = 30_000;
        const measureFrom = 10_000;
        const itemBytes = 2_000;
        const heapAt: number[] = [];
        function* bulky(): Generator<RecordMetadata> {
          for (let i = 1; i <= count; i++) {
            // Both at the same point of a PostgreSQL batch (5000 rows), so that both hold as many items in it.
            if (i === measureFrom || i === count) {
              collectGarbage();
              heapAt.push(process.memoryUsage().heapUsed);
            }
            // A fresh flat string per item (no shared parts), which the store would keep alive if it kept the item.
            const title = Buffer.alloc(itemBytes, `${i} `).toString('latin1');
            yield recordMetadata(String(i).padStart(6, '0'), { title });
          }
        }
        const saved = await store.saveSnapshot(newSnapshot('2026-08-11', [], { metadata: bulky() }));
        assert.equal(saved.unchanged, false);
        const [start = 0, end = 0] = heapAt;
        const keptIfGathered = (count - measureFrom) * itemBytes;
        assert.ok(
          end - start < keptIfGathered / 4,
          `the heap grew by ${end - start} bytes while ${count - measureFrom} items of ${itemBytes} bytes were saved`,
        );
        assert.equal((await store.recordMetadata([String(count).padStart(6, '0')])).size, 1);
      }));

    it('saves records from a generator in record-id order as from an array, with the same content hash', () =>
      withStore(async (store) => {
        const records = [...variedRecords(2500)];
        const streamed = trackedIterable(variedRecords(2500));
        const fromStream = await store.saveSnapshot(
          newSnapshot('2026-08-11', streamed.iterable, { collection: 'streamed' }),
        );
        assert.deepEqual([streamed.iterations(), streamed.pulled(), streamed.closed()], [1, 2500, true]);
        const fromArray = await store.saveSnapshot(
          newSnapshot('2026-08-11', [...records].reverse(), { collection: 'array' }),
        );
        assert.equal(fromStream.info.recordCount, 2500);
        assert.equal(fromStream.info.contentHash, fromArray.info.contentHash);

        // deepEqual is strict: -0 is not 0, null is not 0, and every double must come back bit for bit.
        assert.deepEqual(await store.loadSnapshot(fromStream.info.id), { info: fromStream.info, records });
        assert.deepEqual(await store.loadCollection('streamed'), [{ info: fromStream.info, records }]);
        assert.deepEqual(await store.loadCollection('array'), [{ info: fromArray.info, records }]);
        const [streamColumns] = await store.loadCollectionColumns('streamed');
        const [arrayColumns] = await store.loadCollectionColumns('array');
        assert.ok(streamColumns !== undefined && arrayColumns !== undefined);
        assert.deepEqual({ ...streamColumns, info: arrayColumns.info }, arrayColumns);
        assert.ok(Object.is(streamColumns.values.views[0], -0));
        assert.ok(Number.isNaN(streamColumns.values.uniqueDownloads[0]));

        // An identical re-save from a generator is recognised, having read the records once.
        const again = trackedIterable(variedRecords(2500));
        const resaved = await store.saveSnapshot(newSnapshot('2026-08-11', again.iterable, { collection: 'array' }));
        assert.deepEqual(resaved, { info: fromArray.info, replaced: null, unchanged: true });
        assert.deepEqual([again.iterations(), again.pulled()], [1, 2500]);
      }));

    it('rejects records from an iterable out of record-id order or with a repeated id, and writes nothing', () =>
      withStore(async (store) => {
        await store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 1 })]));
        const before = await dumpStore(store);
        function* recordsOf(ids: string[]): Generator<SnapshotRecord> {
          for (const id of ids) yield snapshotRecord(id, { downloads: 2 });
        }
        const cases: [string[], RegExp, number][] = [
          // '20' < '3' in code-unit order, whatever the numbers say; reading stops there.
          [['1', '3', '20', '4'], /records must come in record-id order[^\n]*"20" came after "3"/, 3],
          [['1', '2', '2', '2', '3'], /record ids appear more than once: 2 \(3 times\)/, 5],
        ];
        for (const [ids, message, pulled] of cases) {
          for (const day of ['2026-08-11', '2026-08-12']) {
            const records = trackedIterable(recordsOf(ids));
            const metadata = trackedIterable([recordMetadata('1')]);
            const snapshot = newSnapshot(day, records.iterable, { metadata: metadata.iterable });
            assertInvalidInput(await rejectionOf(store.saveSnapshot(snapshot)), message);
            assert.deepEqual([records.pulled(), records.closed(), metadata.iterations()], [pulled, true, 0]);
          }
        }
        assert.deepEqual(await dumpStore(store), before);

        // An array may come in any order: the store sorts it.
        const saved = await store.saveSnapshot(newSnapshot('2026-08-12', [...recordsOf(['1', '3', '20'])]));
        assert.deepEqual(
          (await store.loadSnapshot(saved.info.id))?.records.map((r) => r.recordId),
          ['1', '20', '3'],
        );
      }));

    it('rejects an invalid record late in a long iterable, and writes nothing', () =>
      withStore(async (store) => {
        await store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 1 })]));
        const before = await dumpStore(store);
        const count = 12_001;
        const cases: [Partial<SnapshotRecord>, RegExp][] = [
          [{ downloads: Number.NaN }, /record 012001: downloads must be a finite number or null, got NaN/],
          [{ conceptId: 'a\nb' }, /record 012001: conceptId must be null or a non-empty string without line breaks/],
          [{ recordId: '' }, /record #12001: recordId must be a non-empty string without line breaks/],
        ];
        for (const [bad, message] of cases) {
          for (const day of ['2026-08-11', '2026-08-12']) {
            const records = trackedIterable(sortedRecords(count, bad));
            assertInvalidInput(await rejectionOf(store.saveSnapshot(newSnapshot(day, records.iterable))), message);
            assert.deepEqual([records.pulled(), records.closed()], [count, true]);
          }
        }
        assert.deepEqual(await dumpStore(store), before);
      }));

    it('passes on the very error a records iterable throws, and writes nothing', () =>
      withStore(async (store) => {
        await store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 1 })]));
        const before = await dumpStore(store);
        const { failure, sources } = failingIterables(sortedRecords, snapshotRecord('000001'), 'views');
        for (const source of sources) {
          for (const day of ['2026-08-11', '2026-08-12']) {
            const metadata = trackedIterable([recordMetadata('000001')]);
            const snapshot = newSnapshot(day, source(), { metadata: metadata.iterable });
            assert.equal(await rejectionOf(store.saveSnapshot(snapshot)), failure);
            assert.equal(metadata.iterations(), 0);
          }
        }
        assert.deepEqual(await dumpStore(store), before);
      }));

    it('does not hold the records of a long iterable as objects while it saves them', () =>
      withStore(async (store) => {
        const count = 200_000;
        const measureFrom = 50_000;
        // The ids exist before the save, as in a spool: the store keeps them, they are not what is measured here.
        const ids = Array.from({ length: count }, (_, i) => String(i).padStart(7, '0'));
        const heapAt: number[] = [];
        function* generated(): Generator<SnapshotRecord> {
          for (let i = 0; i < count; i++) {
            if (i === measureFrom || i === count - 1) {
              collectGarbage();
              heapAt.push(process.memoryUsage().heapUsed);
            }
            yield snapshotRecord(ids[i] ?? '', {
              conceptId: ids[i] ?? null,
              downloads: i,
              uniqueDownloads: i,
              views: 2 * i,
              uniqueViews: i,
              versionDownloads: i,
              versionUniqueDownloads: i,
              versionViews: i,
              versionUniqueViews: i,
              volume: 1000 * i,
            });
          }
        }
        const saved = await store.saveSnapshot(newSnapshot('2026-08-11', generated()));
        assert.equal(saved.info.recordCount, count);
        const [start = 0, end = 0] = heapAt;
        // A record object takes at least 8 bytes a field and a slot in an array (about 130 bytes in all on Node 20);
        // the columns take two slots (the ids) in the heap, their numbers lie in typed arrays outside it.
        const keptAsObjects = (count - 1 - measureFrom) * (11 * 8 + 8);
        assert.ok(
          end - start < keptAsObjects / 2,
          `the heap grew by ${end - start} bytes while ${count - 1 - measureFrom} records were read ` +
            `(as objects: at least ${keptAsObjects})`,
        );
        const [loaded] = await store.loadCollectionColumns('nfdi4bioimage');
        assert.equal(loaded?.recordIds[count - 1], ids[count - 1]);
        assert.equal(loaded?.values.volume[count - 1], 1000 * (count - 1));
      }));

    it('deletes a snapshot by id', () =>
      withStore(async (store) => {
        const a = await store.saveSnapshot(newSnapshot('2026-08-04', [snapshotRecord('1', { downloads: 1 })]));
        const b = await store.saveSnapshot(newSnapshot('2026-08-11', [snapshotRecord('1', { downloads: 2 })]));
        assert.equal(await store.deleteSnapshot(a.info.id), true);
        assert.equal(await store.deleteSnapshot(a.info.id), false);
        assert.equal(await store.deleteSnapshot(b.info.id + 1000), false);
        assert.equal(await store.loadSnapshot(a.info.id), null);
        assert.deepEqual(await store.listSnapshots(), [b.info]);
        assert.deepEqual(
          (await store.loadCollection('nfdi4bioimage')).map((s) => s.info),
          [b.info],
        );
        // The day is free again.
        const again = await store.saveSnapshot(newSnapshot('2026-08-04', [snapshotRecord('1', { downloads: 1 })]));
        assert.equal(again.replaced, null);
      }));

    it('returns null for an unknown snapshot id', () =>
      withStore(async (store) => {
        assert.equal(await store.loadSnapshot(12345), null);
      }));

    it('read-only: a place without a store is a missing StoreError, and nothing is created there', async () => {
      const place = await location();
      try {
        const error: unknown = await place.open({ readOnly: true }).then(
          async (store) => {
            await store.close();
            assert.fail('a read-only open of nothing must fail');
          },
          (e: unknown) => e,
        );
        assert.ok(error instanceof StoreError, String(error));
        assert.equal(error.reason, 'missing');
        assert.equal(error.exitCode, 6);
        assert.match(error.message, /^no store at \S+.*: make one with `zenodo-stats summarize <community>`/);
        assert.equal(await place.exists(), false, 'nothing was created');
      } finally {
        await place.cleanup();
      }
    });

    it('read-only: reads what was saved, refuses saves and deletes with a read-only StoreError, changes nothing', async () => {
      const place = await location();
      try {
        const writer = await place.open();
        let before: Awaited<ReturnType<typeof dumpStore>>;
        let ids: number[];
        try {
          for (const day of ['2026-08-04', '2026-08-11']) {
            await writer.saveSnapshot(
              newSnapshot(day, [snapshotRecord('7', { downloads: day === '2026-08-04' ? 1 : 5 })], {
                metadata: [recordMetadata('7')],
              }),
            );
          }
          before = await dumpStore(writer);
          ids = before.snapshots.map((s) => s.id);
        } finally {
          await writer.close();
        }
        const reader = await place.open({ readOnly: true });
        try {
          assert.deepEqual(await dumpStore(reader), before);
          assert.equal((await reader.loadCollectionColumns('nfdi4bioimage')).length, 2);
          for (const attempt of [
            () => reader.saveSnapshot(newSnapshot('2026-08-18', [snapshotRecord('7', { downloads: 9 })])),
            () => reader.deleteSnapshot(ids[0] ?? 1),
          ]) {
            const error: unknown = await attempt().then(
              () => assert.fail('a read-only store must refuse writes'),
              (e: unknown) => e,
            );
            assert.ok(error instanceof StoreError, String(error));
            assert.equal(error.reason, 'read-only');
            assert.equal(error.exitCode, 6);
            assert.match(error.message, /^the store \S+ is read-only: /);
          }
          assert.deepEqual(await dumpStore(reader), before);
        } finally {
          await reader.close();
        }
        const again = await place.open();
        try {
          assert.deepEqual(await dumpStore(again), before);
        } finally {
          await again.close();
        }
      } finally {
        await place.cleanup();
      }
    });

    it('closes idempotently and refuses work once closed', async () => {
      const { store, cleanup } = await open();
      try {
        await store.saveSnapshot(newSnapshot('2026-08-04', [snapshotRecord('1')]));
        await store.close();
        await store.close();
        await assert.rejects(store.listSnapshots());
        await assert.rejects(store.saveSnapshot(newSnapshot('2026-08-05', [snapshotRecord('1')])));
      } finally {
        await store.close();
        await cleanup();
      }
    });
  });
}
