/**
 * Issue 12 points 9 and 11: usage errors are exit 2, said before any request, and a password in a URL is never
 * shown. Every run here is against a live fake Zenodo, whose request log must stay empty.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
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
});
