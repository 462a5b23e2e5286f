/**
 * Issue 11 point 6: Zenodo names its configured server in `links.next`, whatever host was asked (zenodo-api.md §8b).
 * Such links are followed on --base-url's origin, the token never leaves that host, and a link outside a base URL's
 * path (a proxy) is refused.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCommunityFixture } from './helpers/dataset.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const token = 'link-origin-token-0000';

describe('links that name another origin', () => {
  let plain: FakeZenodo;
  let aliased: FakeZenodo;
  let proxied: FakeZenodo;
  let dir: string;
  let remove: () => Promise<void>;

  before(async () => {
    const load = () => loadCommunityFixture();
    plain = await startFakeZenodo({ ...load(), tokens: [token] });
    aliased = await startFakeZenodo({ ...load(), tokens: [token], linkOrigin: 'https://zenodo.org' });
    proxied = await startFakeZenodo({ ...load(), mountPath: '/zenodo' });
    ({ dir, remove } = await tempDir());
  });
  after(async () => {
    await Promise.all([plain.close(), aliased.close(), proxied.close()]);
    await remove();
  });

  const summarize = (baseUrl: string, out: string, env: Record<string, string> = {}) =>
    runCli(['summarize', 'nfdi4bioimage', '--out', out, '--no-db', '--quiet'], {
      cwd: dir,
      env: { ZENODO_BASE_URL: baseUrl, ...env },
      clock: createFakeClock(Date.parse('2026-11-25T12:00:00Z')),
    });

  it('other link origin: links.next naming https://zenodo.org is followed on --base-url, with the same output', async () => {
    const reference = await summarize(plain.url, 'reference.csv');
    assert.equal(reference.code, 0, reference.stderr);
    const run = await summarize(aliased.url, 'aliased.csv');
    assert.equal(run.code, 0, run.stderr);
    // Record pages (links.self_html) carry each fake's own origin; apart from that, the same CSV.
    const aliasedCsv = (await readFile(path.join(dir, 'aliased.csv'), 'utf8')).replaceAll(aliased.url, plain.url);
    assert.equal(aliasedCsv, await readFile(path.join(dir, 'reference.csv'), 'utf8'));
    assert.ok(aliasedCsv.split('\r\n').length > 149);
    const pages = aliased.requests.filter((r) => /^\/api\/(records|communities\/[^/]+\/records)$/.test(r.path)).map((r) => r.query.page);
    assert.deepEqual(pages, ['1', '2', '3', '4', '5', '6']);
  });

  it('other link origin: the token only goes to --base-url (every request reached it, with the Bearer header)', async () => {
    aliased.requests.length = 0;
    const run = await summarize(aliased.url, 'aliased-token.csv', { ZENODO_TOKEN: token });
    assert.equal(run.code, 0, run.stderr);
    const searches = aliased.requests.filter((r) => /^\/api\/(records|communities\/[^/]+\/records)$/.test(r.path));
    assert.deepEqual(searches.map((r) => [r.query.page, r.query.size]), [['1', '100'], ['2', '100']]);
    const host = new URL(aliased.url).host;
    assert.ok(aliased.requests.every((r) => r.headers.host === host && r.headers.authorization === `Bearer ${token}`));
    assert.ok(!run.stderr.includes(token));
  });

  it('a links.next outside the base URL path (behind a proxy at /zenodo) is refused, exit 4, nothing requested after', async () => {
    const run = await summarize(`${proxied.url}/zenodo`, 'proxied.csv');
    assert.equal(run.code, 4, run.stderr);
    assert.match(
      run.stderr,
      /links\.next of page 1 cannot be followed: the link http:\/\/127\.0\.0\.1:\d+\/api\/(records|communities\/[^/\s]+\/records)\?\S+ is outside --base-url http:\/\/127\.0\.0\.1:\d+\/zenodo \(its path \/api\/(records|communities\/[^/\s]+\/records) does not start with \/zenodo\/\)/,
    );
    assert.match(run.stderr, /nothing was written/);
    const asked = proxied.requests.map((r) => r.url.split('?')[0]);
    assert.equal(asked.length, 2, asked.join(', '));
    assert.equal(asked[0], '/zenodo/api/communities/nfdi4bioimage');
    assert.match(asked[1] ?? '', /^\/zenodo\/api\/communities\/[^/]+\/records$/, 'the first page, then nothing');
  });
});
