/**
 * What zenodo.org really does that a kind fake would not (zenodo-api.md §8b), each played by the fake and met by
 * `summarize` through the CLI: verified owners sorted first, the community's own records endpoint in RDM JSON,
 * restricted files, a renamed community's stale slug, restricted records that only a token sees.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { makeSyntheticRecords, type LegacyRecord } from './helpers/dataset.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodoOptions } from './helpers/fake-zenodo.js';
import { runCli, tempDir, type CliRun } from './helpers/run-cli.js';

const big = { id: '6f1c2a7e-5b1d-4c55-9a43-0d1e2f3a4b5c', slug: 'big', title: 'Big' };

/** Runs `summarize <args>` against a fresh fake built from `options`; returns the run and the CSV's data lines. */
async function summarize(options: FakeZenodoOptions, args: string[]): Promise<{ run: CliRun; rows: string[]; header: string[]; requests: Awaited<ReturnType<typeof startFakeZenodo>>['requests'] }> {
  const clock = createFakeClock(Date.UTC(2026, 10, 25, 12));
  const server = await startFakeZenodo({ ...options, now: () => clock.now() });
  const { dir, remove } = await tempDir();
  try {
    const run = await runCli(['summarize', ...args, '--out', 'out.csv', '--no-db'], { cwd: dir, env: { ZENODO_BASE_URL: server.url }, clock });
    let lines: string[] = [];
    try {
      lines = (await readFile(path.join(dir, 'out.csv'), 'utf8')).trimEnd().split('\r\n');
    } catch {
      // No output: the run failed; the caller asserts on `run`.
    }
    return { run, header: (lines[0] ?? '').split(','), rows: lines.slice(1), requests: server.requests };
  } finally {
    await server.close();
    await remove();
  }
}

/** The record ids in a CSV, from its `id` column. */
function idsOf(header: string[], rows: string[]): string[] {
  const column = header.indexOf('id');
  assert.ok(column >= 0, `no id column in ${header.join(',')}`);
  return rows.map((row) => row.split(',')[column] ?? '');
}

describe('zenodo.org sorts /api/records by verified owners first (point 2)', () => {
  it('lists every one of 10 444 records exactly once when the oldest hit of sort=oldest is not the oldest record', async () => {
    const records = makeSyntheticRecords(10_444, { community: 'big', seed: 11 });
    // Owners 100 000 + i % 5 000: verifying owners 104 000–104 099 puts records from the middle of the range first.
    const verifiedOwners = Array.from({ length: 100 }, (_, k) => String(104_000 + k));
    const { run, header, rows } = await summarize({ records, communities: [big], verifiedOwners }, ['big', '--api-format', 'legacy']);
    assert.equal(run.code, 0, run.stderr);
    const ids = idsOf(header, rows);
    const expected = records.map((r) => String(r.id)).sort();
    assert.equal(ids.length, 10_444, `${ids.length} rows`);
    assert.deepEqual([...ids].sort(), expected);
    assert.doesNotMatch(run.stderr, /incomplete|announced/);
  });
});
