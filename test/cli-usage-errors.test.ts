/**
 * Issue 12 points 9 and 11: usage errors are exit 2, said before any request, and a password in a URL is never
 * shown. Every run here is against a live fake Zenodo, whose request log must stay empty.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createFakeClock } from './helpers/fake-clock.js';
import { makeSyntheticRecords } from './helpers/dataset.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const weeklyDir = fileURLToPath(new URL('./fixtures/nfdi4bioimage-weekly/', import.meta.url));

describe('usage errors: exit 2 before any request', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let server: FakeZenodo;
  let db: string;
  const clock = createFakeClock(Date.UTC(2026, 10, 25, 12));
  const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: dir, clock, env });

  before(async () => {
    ({ dir, remove } = await tempDir());
    server = await startFakeZenodo({
      records: makeSyntheticRecords(5, { community: 'small', seed: 2 }),
      communities: [{ id: 'sm4ll', slug: 'small', title: 'Small' }],
      tokens: ['tok'],
      now: () => clock.now(),
    });
    db = path.join(dir, 'h.sqlite');
    const files = (await readdir(weeklyDir)).sort().slice(-4).map((f) => path.join(weeklyDir, f));
    const imported = await run(['import', ...files, '--as', 'training', '--db', db, '-q']);
    assert.equal(imported.code, 0, imported.stderr);
  });
  beforeEach(() => {
    server.requests.length = 0;
  });
  after(async () => {
    await server.close();
    await remove();
  });

  /** Exit 2, a message matching `says`, no request sent, nothing on stdout. */
  function assertUsage(result: { code: number; stdout: string; stderr: string }, says: RegExp): void {
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, says);
    // Ours as commander's: every usage error ends pointing at --help.
    assert.match(result.stderr, /\n\(run with --help for usage\)\n$/);
    assert.equal(server.requests.length, 0, 'no request is sent');
    assert.equal(result.stdout, '');
  }

  describe('credentials in the site URL (point 9)', () => {
    const withPassword = () => server.url.replace('http://', 'http://me:s3cret@');

    it('--base-url user:password@ is a usage error, the password masked', async () => {
      const result = await run(['summarize', 'small', '--base-url', withPassword(), '--no-db', '-o', '-']);
      assertUsage(result, /--base-url: http:\/\/me:\*\*\*@127\.0\.0\.1:\d+ has a user name or password/);
      assert.doesNotMatch(result.stderr, /s3cret/);
    });

    it('ZENODO_BASE_URL with a password: the same, naming the variable', async () => {
      const result = await run(['summarize', 'small', '--no-db', '-o', '-'], { ZENODO_BASE_URL: withPassword() });
      assertUsage(result, /ZENODO_BASE_URL: http:\/\/me:\*\*\*@/);
      assert.doesNotMatch(result.stderr, /s3cret/);
    });

    it('a user name alone is masked too (it is often a token)', async () => {
      const result = await run(['summarize', 'small', '--no-db', '-o', '-', '--base-url', server.url.replace('http://', 'http://ghp_abc123@')]);
      assertUsage(result, /http:\/\/\*\*\*@127/);
      assert.doesNotMatch(result.stderr, /ghp_abc123/);
    });

    it('a malformed URL with a password does not echo it', async () => {
      const result = await run(['summarize', 'small', '--no-db', '-o', '-', '--base-url', 'https://me:s3cret@/?x']);
      assertUsage(result, /me:\*\*\*@/);
      assert.doesNotMatch(result.stderr, /s3cret/);
    });

    it('report --fetch refuses it as well', async () => {
      const result = await run(['report', 'small', '--fetch', '--base-url', withPassword(), '--db', path.join(dir, 'r.sqlite'), '-o', path.join(dir, 'rep')]);
      assertUsage(result, /--base-url: http:\/\/me:\*\*\*@/);
      assert.doesNotMatch(result.stderr, /s3cret/);
    });
  });

  describe('option conflicts and impossible values (point 11)', () => {
    const summarize = (args: string[], env: Record<string, string> = {}) =>
      run(['summarize', 'small', '--base-url', server.url, '-o', path.join(dir, 'never.csv'), ...args], env);

    for (const order of [['--no-db', '--db', 'x.sqlite'], ['--db', 'x.sqlite', '--no-db']]) {
      it(`summarize ${order.join(' ')}: --db and --no-db`, async () => {
        assertUsage(await summarize(order), /--db and --no-db cannot be used together/);
      });
    }

    it('summarize -q -v', async () => {
      assertUsage(await summarize(['--no-db', '-q', '-v']), /--quiet and --verbose cannot be used together/);
    });

    it('summarize --excel with a format that is not CSV', async () => {
      assertUsage(await summarize(['--no-db', '--excel', '--format', 'json']), /--excel is for CSV.*json/);
    });

    it('summarize --page-size above 25 without a token, above 100 with one', async () => {
      assertUsage(await summarize(['--no-db', '--page-size', '26']), /--page-size 26 is above the site's maximum of 25/);
      assertUsage(await summarize(['--no-db', '--page-size', '101'], { ZENODO_TOKEN: 'tok' }), /--page-size 101 is above the site's maximum of 100/);
    });

    it('summarize --raw - and --raw onto the --out file: refused, no file called "-" left behind', async () => {
      assertUsage(await run(['summarize', 'small', '--base-url', server.url, '--no-db', '-o', '-', '--raw', '-']), /--raw writes a file: give its name; '-' \(stdout\) is not supported, stdout carries the output of --out -/);
      assert.ok(!existsSync(path.join(dir, '-')), 'no file named -');
      assertUsage(
        await run(['summarize', 'small', '--base-url', server.url, '--no-db', '-o', 'same.csv', '--raw', './same.csv']),
        /--raw and --out name the same file \(.*same\.csv\): the raw hits would be replaced by the output; give --raw another name/,
      );
      assert.ok(!existsSync(path.join(dir, 'same.csv')));
    });

    it('report --base-url or --token without --fetch: refused, as import refuses --token without --base-url', async () => {
      assertUsage(
        await run(['report', 'training', '--db', db, '-o', path.join(dir, 'rep-no-fetch'), '--base-url', server.url]),
        /^error: --base-url is for --fetch: without it, report makes no request and reads only the store$/m,
      );
      assertUsage(await run(['report', 'training', '--db', db, '-o', path.join(dir, 'rep-no-fetch'), '--token', 'tok']), /^error: --token is for --fetch: without it, report makes no request/m);
      assert.ok(!existsSync(path.join(dir, 'rep-no-fetch')), 'no report is written');
    });

    it('no command at all: the help on stderr (stdout is for data), exit 2', async () => {
      const result = await run([]);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^Usage: zenodo-stats \[options\] \[command\]\n/);
      assert.match(result.stderr, /^Exit codes: 0 ok · 2 usage/m);
    });

    it('summarize with an empty community name', async () => {
      assertUsage(await run(['summarize', '', '--base-url', server.url, '--no-db', '-o', '-']), /community name is empty/);
      assertUsage(await run(['summarize', 'small', '  ', '--base-url', server.url, '--no-db', '-o', '-']), /community name is empty/);
    });

    it('history and report: --from after --to', async () => {
      assertUsage(await run(['history', 'training', '--db', db, '--from', '2026-03-01', '--to', '2026-02-01']), /--from 2026-03-01 is after --to 2026-02-01/);
      assertUsage(await run(['report', 'training', '--db', db, '-o', path.join(dir, 'rep2'), '--from', '2026-03-01', '--to', '2026-02-01']), /--from 2026-03-01 is after --to 2026-02-01/);
    });

    it('impossible dates: 2026-02-30, 2025-13-01', async () => {
      assertUsage(await run(['history', 'training', '--db', db, '--from', '2026-02-30']), /--from must be a date of the calendar/);
      assertUsage(await run(['report', 'training', '--db', db, '--to', '2025-13-01']), /--to must be a date of the calendar/);
      const leap = await run(['history', 'training', '--db', db, '--to', '2028-02-29', '-q']);
      assert.equal(leap.code, 0, leap.stderr);
    });

    it('a bad number names its option by its long name: --limit, --timeout', async () => {
      assertUsage(await run(['top', 'training', '--db', db, '-n', '0']), /argument '0' is invalid\. --limit must be a positive whole number\./);
      assertUsage(await run(['top', 'training', '--db', db, '--limit', 'ten']), /argument 'ten' is invalid\. --limit must be a positive whole number\./);
      assertUsage(await run(['summarize', 'small', '--base-url', server.url, '--no-db', '--timeout', '-1']), /argument '-1' is invalid\. --timeout must be a number of seconds above 0\./);
    });
  });

  describe('a period outside the data says so (point 11)', () => {
    it('history --from after the last snapshot: exit 3, the span named, nothing on stdout', async () => {
      const result = await run(['history', 'training', '--db', db, '--from', '2030-01-01']);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /no figures for 2030-01-01 → …: the snapshots of 'training' span \d{4}-\d{2}-\d{2} → \d{4}-\d{2}-\d{2}/);
      assert.equal(result.stdout, '');
    });

    it('history --to before the first snapshot', async () => {
      const result = await run(['history', 'training', '--db', db, '--to', '2000-01-31']);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /no figures for … → 2000-01-31/);
    });

    it('report --from after the last snapshot: exit 3, the span named, no report written', async () => {
      const out = path.join(dir, 'outside');
      const result = await run(['report', 'training', '--db', db, '-o', out, '--from', '2030-01-01']);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /no figures for 2030-01-01 → …: the snapshots of 'training' span \d{4}-\d{2}-\d{2} → \d{4}-\d{2}-\d{2}/);
      assert.equal(existsSync(out), false);
      assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('outside') || name.startsWith('.outside')), []);
    });

    it('top for a year without snapshots ranks nothing and says so', async () => {
      const result = await run(['top', 'training', '--db', db, '-p', '2019', '--format', 'json']);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /no gains in 2019: the snapshots of 'training' span/);
      assert.equal(result.stdout, '');
    });
  });
});
