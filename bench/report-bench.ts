/**
 * `npm run bench -- report`: time `zenodo-stats report` (fresh process, the built CLI) on a store of two years of
 * weekly API snapshots × 10 000 records with metadata. Target (issue): under 10 s.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { RecordMetadata, SnapshotRecord } from '../src/snapshot/snapshot.js';
import { xorshift32 } from '../test/helpers/dataset.js';

const types = ['dataset', 'publication-article', 'presentation', 'software', 'poster', 'lesson', 'image-figure'];
const words = ['microscopy', 'fair', 'omero', 'napari', 'training', 'segmentation', 'python', 'imagej', 'rdm', 'ome-zarr', 'deep learning', 'bioimage analysis'];

export async function runReportBench(options: { records?: number; weeks?: number; out?: (line: string) => void } = {}): Promise<void> {
  const records = options.records ?? 10_000;
  const weeks = options.weeks ?? 104;
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'zenodo-stats-report-bench-'));
  try {
    const db = await buildBenchStore(dir, records, weeks);
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const timings: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      const t0 = performance.now();
      execFileSync(process.execPath, [cli, 'report', 'bench', '--db', db, '--out', path.join(dir, 'report'), '--period', 'month', '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
      timings.push(performance.now() - t0);
    }
    const files = (await readdir(path.join(dir, 'report'), { recursive: true })).length;
    const best = Math.min(...timings);
    out('| report | snapshots | records | files written | time (best of 3, whole CLI process) |');
    out('| :--- | ---: | ---: | ---: | ---: |');
    out(`| month charts, top 10 | ${weeks} | ${records.toLocaleString('en-US')} | ${files} | ${(best / 1000).toFixed(2)} s |`);
    out('');
    out(`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}. Target: under 10 s — ${best < 10_000 ? 'met' : 'NOT met'}. All runs: ${timings.map((t) => (t / 1000).toFixed(2)).join(', ')} s.`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A store of `weeks` weekly API snapshots × `records` records with metadata (the last snapshot's), collection
 * `bench`, in `dir`; returns its path. Deterministic (seeded).
 */
export async function buildBenchStore(dir: string, records: number, weeks: number): Promise<string> {
  const db = path.join(dir, 'bench.sqlite');
  const random = xorshift32(7);
  const metadata: RecordMetadata[] = Array.from({ length: records }, (_, i) => ({
    recordId: String(10_000_000 + i),
    conceptId: String(9_000_000 + i),
    doi: `10.5281/zenodo.${10_000_000 + i}`,
    conceptDoi: null,
    title: `Synthetic training material number ${i} about ${words[i % words.length]} and reproducible image analysis`,
    resourceType: types[i % types.length] ?? null,
    publicationDate: `${2019 + (i % 7)}-0${1 + (i % 9)}-15`,
    version: null,
    url: `https://zenodo.org/records/${10_000_000 + i}`,
    communities: ['bench'],
    creators: [],
    keywords: [words[i % words.length] ?? 'x', words[(i * 7) % words.length] ?? 'y'],
    created: null,
    goneAt: null,
    // As an RDM listing gives them: every record's files, so the table has its est_full_downloads column.
    fileCount: 1 + (i % 3),
    sizeBytes: 1_000_000 + i * 37,
  }));
  const downloads = Array.from({ length: records }, () => Math.floor(random() * 500));
  process.stderr.write(`building a store of ${weeks} weekly snapshots × ${records} records…\n`);
  const store = await openSqliteStore(db);
  try {
    for (let w = 0; w < weeks; w += 1) {
      const rows: SnapshotRecord[] = downloads.map((d, i) => {
        downloads[i] = d + Math.floor(random() * 20);
        const v = downloads[i] ?? 0;
        return { recordId: String(10_000_000 + i), conceptId: String(9_000_000 + i), downloads: v, uniqueDownloads: Math.floor(v * 0.8), views: v * 2, uniqueViews: v, versionDownloads: v, versionUniqueDownloads: Math.floor(v * 0.8), versionViews: v * 2, versionUniqueViews: v, volume: v * 1_300_000 };
      });
      await store.saveSnapshot({
        collection: 'bench',
        baseUrl: 'https://zenodo.org',
        takenAt: new Date(Date.UTC(2024, 8, 3, 6) + w * 7 * 86_400_000).toISOString(),
        source: 'api',
        complete: true,
        records: rows,
        metadata: w === weeks - 1 ? metadata : undefined,
      });
    }
  } finally {
    await store.close();
  }
  return db;
}
