import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkpointPath, RecordSpool, type SpoolHeader } from '../src/commands/record-spool.js';
import { LocalIoError } from '../src/errors.js';
import type { ZenodoRecord } from '../src/records/zenodo-record.js';
import type { ListingState } from '../src/zenodo/iterate-community-pages.js';
import { tempDir } from './helpers/run-cli.js';

const header: SpoolHeader = {
  version: 2,
  community: 'big',
  baseUrl: 'http://127.0.0.1:1',
  allVersions: false,
  pageSize: 25,
  startedAt: '2026-11-25T08:00:00.000Z',
};

function record(id: string, downloads: number | null, title = `Record ${id}`): ZenodoRecord {
  const counters = { downloads, uniqueDownloads: downloads, views: 1, uniqueViews: 1 };
  return {
    id,
    conceptId: `c${id}`,
    doi: null,
    conceptDoi: null,
    title,
    resourceType: 'dataset',
    publicationDate: '2025-01-01',
    version: null,
    url: `https://zenodo.org/records/${id}`,
    communities: ['big'],
    creators: ['Doe, Jane'],
    keywords: ['k'],
    created: '2025-01-01T00:00:00+00:00',
    updated: null,
    stats: { allVersions: counters, thisVersion: counters },
  };
}

function state(page: number, nextUrl: string | null): ListingState {
  return {
    total: 5,
    expected: 5,
    pages: 3,
    pageCount: page,
    duplicates: 0,
    totalChanged: false,
    shortPages: [],
    nextUrl,
    nextPage: page + 1,
    queryPages: 3,
    sliced: null,
  };
}

describe('RecordSpool', () => {
  let dir: string;
  let remove: () => Promise<void>;
  before(async () => ({ dir, remove } = await tempDir()));
  after(() => remove());

  it('reads back every record, in listing order and by index, with titles that need escaping', async () => {
    const spool = await RecordSpool.create(path.join(dir, 'a.ndjson'), header);
    try {
      const tricky = 'Line\nbreak, "quotes" and ünïcödé \u2028';
      await spool.appendPage([record('10', 5), record('9', 7, tricky)], state(1, 'next-1'));
      await spool.appendPage([record('11', null)], state(2, null));
      assert.equal(spool.count, 3);
      assert.deepEqual(spool.ids, ['10', '9', '11']);
      assert.deepEqual([...spool.entries()].map((e) => e.record), [record('10', 5), record('9', 7, tricky), record('11', null)]);
      assert.deepEqual(spool.recordAt(1), record('9', 7, tricky));
      assert.equal(spool.downloadsAt(2), null);
      assert.equal(spool.downloadsAt(1), 7);
      assert.deepEqual(spool.state, state(2, null));
      assert.throws(() => spool.recordAt(3), RangeError);
    } finally {
      await spool.close();
    }
  });

  it('sorts like the output: downloads descending, records without figures last, ties by numeric id', async () => {
    const spool = await RecordSpool.create(null, header);
    try {
      await spool.appendPage([record('10', 3), record('9', 3), record('100', null), record('2', 8), record('1', 0)], state(1, null));
      assert.deepEqual([...spool.sortedOrder()].map((i) => spool.ids[i]), ['2', '9', '10', '1', '100']);
    } finally {
      await spool.close();
    }
  });

  it('keeps the raw hit of a record when one is given', async () => {
    const spool = await RecordSpool.create(null, header);
    try {
      const hits = [{ id: 2, metadata: { title: 'two' } }, { id: 1, metadata: { title: 'one' } }];
      await spool.appendPage([record('1', 1), record('2', 2)], state(1, null), hits);
      assert.deepEqual([...spool.entries()].map((e) => e.hit), [hits[1], hits[0]]);
    } finally {
      await spool.close();
    }
  });

  it('removes a temporary spool on close and keeps a checkpoint, readable by its owner only', async () => {
    const temporary = await RecordSpool.create(null, header);
    assert.equal(temporary.temporary, true);
    await temporary.appendPage([record('1', 1)], state(1, null));
    assert.ok(existsSync(temporary.path));
    await temporary.close();
    assert.ok(!existsSync(temporary.path));

    const file = checkpointPath(dir, 'some/community');
    assert.equal(path.basename(file), '.zenodo-stats-some_community.checkpoint.ndjson');
    const kept = await RecordSpool.create(file, header);
    await kept.appendPage([record('1', 1)], state(1, 'next'));
    await kept.close();
    assert.ok(existsSync(file));
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it('resumes from the last complete page: a page cut off by a kill is dropped and written again', async () => {
    const file = path.join(dir, 'resume.ndjson');
    const first = await RecordSpool.create(file, header);
    await first.appendPage([record('1', 1), record('2', 2)], state(1, 'page-2'));
    await first.close();
    // A kill in the middle of the second page's write: one whole record line and half of the next.
    await appendFile(file, `${JSON.stringify({ r: record('3', 3) })}\n{"r":{"id":"4","con`);

    const resumed = await RecordSpool.resume(file);
    assert.ok(resumed);
    try {
      assert.equal(resumed.count, 2);
      assert.deepEqual(resumed.ids, ['1', '2']);
      assert.deepEqual(resumed.state, state(1, 'page-2'));
      assert.deepEqual(resumed.header, header);
      await resumed.appendPage([record('3', 3), record('4', 4)], state(2, null));
      assert.deepEqual([...resumed.entries()].map((e) => e.record.id), ['1', '2', '3', '4']);
      assert.deepEqual(resumed.recordAt(3), record('4', 4));
    } finally {
      await resumed.remove();
    }
    assert.ok(!existsSync(file));
  });

  it('finds nothing to resume without a file, without a complete page, or in an older format', async () => {
    assert.equal(await RecordSpool.resume(path.join(dir, 'missing.ndjson')), null);
    const noPage = path.join(dir, 'no-page.ndjson');
    await writeFile(noPage, `${JSON.stringify(header)}\n${JSON.stringify({ r: record('1', 1) })}\n`);
    assert.equal(await RecordSpool.resume(noPage), null);
    const older = path.join(dir, 'older.ndjson');
    await writeFile(older, `${JSON.stringify({ ...header, version: 1 })}\n${JSON.stringify({ state: state(1, null), records: [] })}\n`);
    assert.equal(await RecordSpool.resume(older), null);
  });

  it('refuses a checkpoint damaged before its last line, naming the file and the line', async () => {
    const file = path.join(dir, 'damaged.ndjson');
    const spool = await RecordSpool.create(file, header);
    await spool.appendPage([record('1', 1)], state(1, 'page-2'));
    await spool.appendPage([record('2', 2)], state(2, null));
    await spool.close();
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[1] = '{"r": broken';
    await writeFile(file, lines.join('\n'));
    await assert.rejects(RecordSpool.resume(file), (error: unknown) => {
      assert.ok(error instanceof LocalIoError);
      assert.match(error.message, /damaged\.ndjson is damaged at line 2; delete it to start afresh/);
      return true;
    });
  });
});
