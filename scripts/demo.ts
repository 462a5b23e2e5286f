/**
 * `npm run demo`: the whole summarize flow offline. Starts the fake Zenodo used by the tests, serving a
 * realistic `nfdi4bioimage` dataset (derived from NFDI4BIOIMAGE's public weekly statistics; see
 * test/fixtures/README.md), and runs `zenodo-stats summarize` against it. Extra arguments go to summarize:
 * `npm run demo -- --format table --out -`.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { loadCommunityFixture } from '../test/helpers/dataset.js';
import { startFakeZenodo } from '../test/helpers/fake-zenodo.js';

const extra = process.argv.slice(2);
const { records, communities } = loadCommunityFixture();
const server = await startFakeZenodo({ records, communities, latencyMs: 40 });
const outDir = path.resolve('demo-output');
await mkdir(outDir, { recursive: true });

process.stderr.write(
  [
    '────────────────────────────────────────────────────────────────────────',
    ' DEMO DATA. This is a local fake Zenodo on ' + server.url + ', not zenodo.org.',
    ' Its records and counters are derived from NFDI4BIOIMAGE\'s published weekly',
    ' statistics (CC BY 4.0); some values are filled in. Do not cite these numbers.',
    '────────────────────────────────────────────────────────────────────────',
    '',
  ].join('\n'),
);

const hasOut = extra.some((a) => a === '--out' || a === '-o' || a.startsWith('--out='));
const hasDb = extra.some((a) => a === '--db' || a === '--no-db' || a.startsWith('--db='));
// Demo snapshots go to a store of their own: demo figures must never mix with a real history.
const args = [
  'summarize',
  'nfdi4bioimage',
  '--base-url',
  server.url,
  ...(hasOut ? [] : ['--out', path.join(outDir, 'zenodo_nfdi4bioimage_downloads.csv')]),
  ...(hasDb ? [] : ['--db', path.join(outDir, 'demo.sqlite')]),
  ...extra,
];
process.stderr.write(`$ zenodo-stats ${args.join(' ')}\n\n`);
const code = await main(args, { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
await server.close();
process.exitCode = code;
