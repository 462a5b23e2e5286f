/**
 * `npm run demo`: the whole flow offline, on DEMO DATA. Starts the fake Zenodo used by the tests, serving a
 * realistic `nfdi4bioimage` dataset (derived from NFDI4BIOIMAGE's public weekly statistics; see
 * test/fixtures/README.md), and runs `zenodo-stats summarize` against it once a (simulated) week for half a year,
 * with counters growing towards today's, so there is a history; then `zenodo-stats report`. Everything goes to
 * `demo-output/`, the snapshots to `demo-output/demo.sqlite`: demo figures never mix with a real history.
 * Extra arguments go to the last summarize: `npm run demo -- --format table --out -`.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { loadCommunityFixture, type LegacyRecord } from '../test/helpers/dataset.js';
import { startFakeZenodo } from '../test/helpers/fake-zenodo.js';
import { shellWords } from './shell-words.js';

const weeks = 26;
const dayMs = 86_400_000;
const lastRun = Date.UTC(2026, 10, 24, 9, 0, 0); // a Tuesday morning
const extra = process.argv.slice(2);
const outDir = path.resolve('demo-output');
const db = path.join(outDir, 'demo.sqlite');
await mkdir(outDir, { recursive: true });
await rm(db, { force: true });

process.stderr.write(
  [
    '────────────────────────────────────────────────────────────────────────',
    ' DEMO DATA. A local fake Zenodo, not zenodo.org. Its records and counters',
    " are derived from NFDI4BIOIMAGE's published weekly statistics (CC BY 4.0);",
    ' some values are filled in and the weekly history is simulated.',
    ' Do not cite these numbers.',
    '────────────────────────────────────────────────────────────────────────',
    '',
  ].join('\n'),
);

const { records, communities } = loadCommunityFixture();
// The newest records appear one a week, so the community grows during the simulated half year.
const byCreated = [...records].sort((a, b) => a.created.localeCompare(b.created));
const appearsInWeek = new Map(byCreated.map((r, i) => [r.id, Math.max(0, i - (byCreated.length - weeks))]));

/** The fixture's counters as they might have been in week `w` (0-based, `weeks - 1` = today's values). */
function recordsInWeek(w: number): LegacyRecord[] {
  return records
    .filter((r) => (appearsInWeek.get(r.id) ?? 0) <= w)
    .map((r) => {
      const copy = structuredClone(r);
      if (copy.stats) {
        // Each record grows at its own pace; all counters of a record scale alike, so unique ≤ total holds.
        const pace = 0.6 + ((r.id * 2654435761) % 1000) / 1000;
        const factor = 0.7 + 0.3 * ((w + 1) / weeks) ** pace;
        for (const [key, value] of Object.entries(copy.stats)) {
          if (typeof value === 'number') (copy.stats as Record<string, number>)[key] = Math.round(value * factor);
        }
      }
      return copy;
    });
}

let now = lastRun - (weeks - 1) * 7 * dayMs;
const io = (quiet: boolean) => ({
  stdout: process.stdout,
  stderr: quiet ? { write: () => true } : process.stderr,
  env: process.env,
  cwd: process.cwd(),
  now: () => now,
});

process.stderr.write(`simulating ${weeks} weekly runs of zenodo-stats summarize …\n`);
for (let w = 0; w < weeks - 1; w += 1) {
  const server = await startFakeZenodo({ records: recordsInWeek(w), communities, now: () => now });
  const code = await main(['summarize', 'nfdi4bioimage', '--base-url', server.url, '--db', db, '--out', path.join(outDir, 'weekly.csv'), '--quiet'], io(true));
  await server.close();
  if (code !== 0) throw new Error(`simulated week ${w + 1} failed with exit code ${code}`);
  now += 7 * dayMs;
}
await rm(path.join(outDir, 'weekly.csv'), { force: true });

// The last run is "today": its clock moves, so the summary shows the real time taken.
const started = Date.now();
now = lastRun;
const clock = () => lastRun + (Date.now() - started);
const server = await startFakeZenodo({ records: recordsInWeek(weeks - 1), communities, latencyMs: 40, now: clock });
const hasOut = extra.some((a) => a === '--out' || a === '-o' || a.startsWith('--out='));
const args = [
  'summarize',
  'nfdi4bioimage',
  '--base-url',
  server.url,
  '--db',
  db,
  ...(hasOut ? [] : ['--out', path.join(outDir, 'zenodo_nfdi4bioimage_downloads.csv')]),
  ...extra,
];
process.stderr.write(`\n$ zenodo-stats ${shellWords(args)}\n\n`);
let code = await main(args, { ...io(false), now: clock });
await server.close();
if (code === 0) {
  const reportArgs = ['report', 'nfdi4bioimage', '--db', db, '--out', path.join(outDir, 'report'), '--period', 'month', '--title', 'NFDI4BIOIMAGE on Zenodo (demo data)'];
  process.stderr.write(`\n$ zenodo-stats ${shellWords(reportArgs)}\n`);
  code = await main(reportArgs, io(false));
  process.stderr.write(`\nOpen ${path.relative(process.cwd(), path.join(outDir, 'report', 'index.html'))} in a browser.\n`);
}
process.exitCode = code;
