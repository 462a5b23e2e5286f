/**
 * Issue 11 point 1: a wrong --base-url (a route 404), a community that does not exist (a PID 404) and a deleted
 * community (410) are three different answers, told apart by their bodies (zenodo-api.md §8b).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CommunityDeletedError, NotFoundError, RouteNotFoundError } from '../src/errors.js';
import { createZenodoClient } from '../src/zenodo/client.js';
import { getCommunity } from '../src/zenodo/get-community.js';
import { loadCommunityFixture } from './helpers/dataset.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const deletedCommunity = { id: 'a3d5a6e2-5b07-4b4f-9d7e-0d1d8f0c2b11', slug: 'closed-project', title: 'Closed project', deleted: true };

describe('community lookup: route 404, PID 404 and 410 told apart', () => {
  let server: FakeZenodo;
  let dir: string;
  let remove: () => Promise<void>;

  before(async () => {
    const { records, communities } = loadCommunityFixture();
    server = await startFakeZenodo({ records, communities: [...communities, deletedCommunity] });
    ({ dir, remove } = await tempDir());
  });
  after(async () => {
    await server.close();
    await remove();
  });

  const summarize = (args: string[], baseUrl = server.url) =>
    runCli(['summarize', ...args, '--out', 'out.csv', '--no-db'], { cwd: dir, env: { ZENODO_BASE_URL: baseUrl }, clock: createFakeClock() });

  it('route 404: --base-url ending in /api exits 2, says the base URL looks wrong and shows the URL asked', async () => {
    server.requests.length = 0;
    const run = await summarize(['nfdi4bioimage'], `${server.url}/api`);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--base-url looks wrong/);
    assert.ok(run.stderr.includes(`${server.url}/api/api/communities/nfdi4bioimage`), run.stderr);
    assert.ok(run.stderr.includes(`--base-url ${server.url})`), `suggests the root: ${run.stderr}`);
    assert.doesNotMatch(run.stderr, /not found on/, 'a wrong base URL is not a missing community');
    assert.deepEqual(server.requests.map((r) => r.path), ['/api/api/communities/nfdi4bioimage'], 'no search after a route 404');
  });

  it('route 404: an HTML 404 page (a base URL outside /api) is a RouteNotFoundError, not NotFound', async () => {
    const client = createZenodoClient({ baseUrl: `${server.url}/zenodo`, maxAttempts: 1 });
    await assert.rejects(getCommunity(client, 'nfdi4bioimage'), (error: unknown) => {
      assert.ok(error instanceof RouteNotFoundError, String(error));
      assert.equal(error.exitCode, 2);
      assert.equal(error.status, 404);
      assert.ok(error.message.includes(`GET ${server.url}/zenodo/api/communities/nfdi4bioimage failed: 404`), error.message);
      return true;
    });
  });

  it('PID 404: a community that does not exist stays "not found", exit 3, with the server reason', async () => {
    const run = await summarize(['nfdi4bioimag']);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /community 'nfdi4bioimag' not found on http:\/\/127\.0\.0\.1:\d+/);
    assert.match(run.stderr, /The persistent identifier does not exist\./);
    assert.doesNotMatch(run.stderr, /base-url looks wrong/);
  });

  it('410: a deleted community exits 3 and says it was deleted', async () => {
    server.requests.length = 0;
    const run = await summarize(['closed-project']);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /community 'closed-project' was deleted from http:\/\/127\.0\.0\.1:\d+/);
    assert.match(run.stderr, /The record has been deleted\./);
    assert.doesNotMatch(run.stderr, /not found/);
    assert.equal(server.requests.filter((r) => r.path === '/api/records').length, 0, 'no search for a deleted community');
    const client = createZenodoClient({ baseUrl: server.url });
    await assert.rejects(getCommunity(client, deletedCommunity.id), (error: unknown) => error instanceof CommunityDeletedError && error instanceof NotFoundError);
  });
});
