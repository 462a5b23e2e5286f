/**
 * Memory stays flat as a community grows (issue 6): the built CLI lists, saves and writes 20 000 records with its
 * JavaScript heap capped at 56 MB. Holding the records, their rows or the CSV in memory does not fit: the version
 * before the spool (records, rows and CSV in memory) ran out of heap here at 56 MB and at 96 MB for 40 000
 * records, while the spooled one lists 40 000 in 32 MB. The measured peaks are in bench/RESULTS.md.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { makeSyntheticRecords } from './helpers/dataset.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { tempDir } from './helpers/run-cli.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const records = 20_000;
const heapMb = 56;

describe('memory', () => {
  let server: FakeZenodo;
  let dir: string;
  let remove: () => Promise<void>;

  before(async () => {
    server = await startFakeZenodo({
      records: makeSyntheticRecords(records, { community: 'big', seed: 3 }),
      communities: [{ id: 'b1g', slug: 'big', title: 'Big' }],
      tokens: ['memory-token'],
      // No pacing to test here: the fake and the client allow as much as the loopback carries.
      limits: { search: 1e6, guest: 1e6, authenticated: 1e6 },
    });
    ({ dir, remove } = await tempDir());
  });
  after(async () => {
    await server.close();
    await remove();
  });

  it(`summarizes ${records.toLocaleString('en-US')} records (sliced past 10 000) in a ${heapMb} MB JavaScript heap`, async () => {
    const args = [
      `--max-old-space-size=${heapMb}`,
      cli,
      'summarize',
      'big',
      '--base-url',
      server.url,
      '--rate-limit',
      'search=1000000/min,other=1000000/min',
      '--out',
      'big.csv',
      '--db',
      'big.sqlite',
      '-q',
    ];
    const child = spawn(process.execPath, args, { cwd: dir, env: { PATH: process.env.PATH ?? '', ZENODO_TOKEN: 'memory-token' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | string | null>((resolve) => child.on('close', (c, signal) => resolve(c ?? signal)));
    assert.equal(code, 0, stderr.slice(0, 2_000));

    const lines = (await readFile(path.join(dir, 'big.csv'), 'utf8')).trimEnd().split('\r\n');
    assert.equal(lines.length, records + 1);
    assert.equal(new Set(lines.slice(1).map((line) => line.split(',')[9])).size, records);
    const store = await openSqliteStore(path.join(dir, 'big.sqlite'));
    try {
      const [snapshot] = await store.listSnapshots({ collection: 'big' });
      assert.equal(snapshot?.recordCount, records);
      assert.equal((await store.recordMetadata()).size, records);
    } finally {
      await store.close();
    }
  });
});
