/**
 * A fake Zenodo in a process of its own, so a benchmark measures the client's memory, not the server's.
 * `node --import tsx bench/fake-zenodo-process.ts <records> <windowMs>`: prints `{"url": …}` on stdout when
 * listening; stops on SIGTERM or when stdin closes.
 */
import { makeSyntheticRecords } from '../test/helpers/dataset.js';
import { startFakeZenodo } from '../test/helpers/fake-zenodo.js';

const [n = '1000', windowMs = '60000'] = process.argv.slice(2);
const records = makeSyntheticRecords(Number(n), { community: 'bench', seed: 9 });
const server = await startFakeZenodo({
  records,
  communities: [{ id: 'b3nch', slug: 'bench', title: 'Bench' }],
  tokens: ['bench-token'],
  windowMs: Number(windowMs),
  // As strict as the published limits (zenodo-api.md §2).
  limits: { search: 30, guest: 60, authenticated: 100 },
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
