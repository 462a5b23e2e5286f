/**
 * Issue 12 point 10: titles and community names come from the site and may carry terminal escapes. They never
 * reach stderr or the `table` format raw; CSV and JSON keep the text exactly as the site sent it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createFakeClock } from './helpers/fake-clock.js';
import { makeSyntheticRecords } from './helpers/dataset.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const hostileTitles = ['\x1b]0;pwned\x07Title one', '\x1b[2JTitle two', 'Bell\x07 C1\x9b31m DEL\x7f tab\tTitle three'];
/** ESC, BEL, DEL, C1 (CSI U+009B), CR, backspace: anything that moves the cursor, rings or sets a title. */
const unsafe = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

describe('remote text on the terminal', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let server: FakeZenodo;
  const clock = createFakeClock(Date.UTC(2026, 10, 25, 12));
  const records = makeSyntheticRecords(6, { community: 'hostile', seed: 5 });
  records.forEach((r, i) => {
    r.metadata.title = hostileTitles[i % hostileTitles.length] ?? '';
  });

  before(async () => {
    ({ dir, remove } = await tempDir());
    server = await startFakeZenodo({
      records,
      communities: [{ id: 'h0st1le', slug: 'hostile', title: '\x1b]2;owned\x07Hostile \x1b[31mcommunity\x1b[0m' }],
      now: () => clock.now(),
    });
  });
  after(async () => {
    await server.close();
    await remove();
  });

  const run = (args: string[], isTTY = false) =>
    runCli(['summarize', 'hostile', '--base-url', server.url, '--no-db', ...args], { cwd: dir, clock, isTTY, env: { NO_COLOR: '1' } });

  it('the summary and progress on stderr carry no escape or control character, and keep the readable text', async () => {
    const result = await run(['-o', '-', '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, unsafe);
    assert.match(result.stderr, /hostile \(Hostile community\)/);
    assert.match(result.stderr, /Title (one|two)|Bell C1 DEL tabTitle three/);
    assert.doesNotMatch(result.stderr, /pwned|owned|\[2J/);
  });

  it('on a TTY the only escapes are our own line redraws', async () => {
    const result = await run(['-o', '-', '--format', 'csv'], true);
    assert.equal(result.code, 0, result.stderr);
    const withoutOurs = result.stderr.replaceAll('\r\x1b[2K', '');
    assert.doesNotMatch(withoutOurs, unsafe);
  });

  it('the table format shows the titles without control characters', async () => {
    const result = await run(['-o', '-', '--format', 'table']);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout.replaceAll('\n', ''), unsafe);
    assert.match(result.stdout, /Title one/);
  });

  it('CSV and JSON keep the titles as the site sent them', async () => {
    const csv = await run(['-o', '-', '--format', 'csv']);
    for (const title of hostileTitles) assert.ok(csv.stdout.includes(title), JSON.stringify(title));
    const json = await run(['-o', '-', '--format', 'json']);
    const titles = new Set((JSON.parse(json.stdout) as { title: string }[]).map((r) => r.title));
    assert.deepEqual([...titles].sort(), [...hostileTitles].sort());
  });
});
