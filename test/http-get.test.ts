/**
 * The client's transport over `node:http` does what it relied on `fetch` for: redirects (the token kept on the
 * site, dropped elsewhere), compressed bodies (zenodo.org answers `Vary: Accept-Encoding`,
 * shared/data/zenodo-api-samples/response-headers-2026-07.json), a byte-order mark dropped, a cut-off body and an
 * abort reported. Plain loopback servers: these are HTTP's behaviours, not Zenodo's.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { httpGet } from '../src/zenodo/http-get.js';

interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
}

async function listen(handler: http.RequestListener): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const get = (url: string, headers: Record<string, string> = {}, signal = AbortSignal.timeout(5_000)) => httpGet(new URL(url), { headers, signal, redirect: 'follow' });
const body = JSON.stringify({ hits: { total: 1 }, title: 'Zürich' });

describe('httpGet', () => {
  let site: Awaited<ReturnType<typeof listen>>;
  let elsewhere: Awaited<ReturnType<typeof listen>>;

  before(async () => {
    elsewhere = await listen((_req, res) => res.end('{"elsewhere":true}'));
    site = await listen((req, res) => {
      const path = req.url ?? '';
      if (path === '/moved') return res.writeHead(301, { Location: '/api/here' }).end();
      if (path === '/away') return res.writeHead(302, { Location: `${elsewhere.url}/api/there` }).end();
      if (path === '/loop') return res.writeHead(307, { Location: '/loop' }).end();
      if (path === '/gzip') return res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipSync(body));
      if (path === '/deflate') return res.writeHead(200, { 'Content-Encoding': 'deflate' }).end(deflateSync(body));
      if (path === '/br') return res.writeHead(200, { 'Content-Encoding': 'br' }).end(brotliCompressSync(body));
      if (path === '/bom') return res.end(`\uFEFF${body}`);
      if (path === '/cut') {
        res.writeHead(200, { 'Content-Length': String(body.length * 2) });
        return res.write(body, () => res.destroy());
      }
      if (path === '/never') return;
      res.writeHead(404, 'Gone Fishing', { 'X-RateLimit-Remaining': '7' }).end('{"message":"no"}');
    });
  });
  after(async () => {
    await site.close();
    await elsewhere.close();
  });

  it('follows a redirect on the site with the token, and names the URL that answered', async () => {
    site.seen.length = 0;
    const response = await get(`${site.url}/moved`, { Authorization: 'Bearer t0k3n' });
    assert.equal(response.url, `${site.url}/api/here`);
    assert.equal(response.status, 404);
    assert.deepEqual(site.seen.map((s) => [s.path, s.headers.authorization]), [['/moved', 'Bearer t0k3n'], ['/api/here', 'Bearer t0k3n']]);
  });

  it('drops the token on a redirect to another origin', async () => {
    elsewhere.seen.length = 0;
    const response = await get(`${site.url}/away`, { Authorization: 'Bearer t0k3n', 'User-Agent': 'zenodo-stats/test' });
    assert.equal(await response.text(), '{"elsewhere":true}');
    assert.equal(response.url, `${elsewhere.url}/api/there`);
    assert.equal(elsewhere.seen[0]?.headers.authorization, undefined);
    assert.equal(elsewhere.seen[0]?.headers['user-agent'], 'zenodo-stats/test');
  });

  it('gives up after 20 redirects, as fetch does', async () => {
    site.seen.length = 0;
    await assert.rejects(get(`${site.url}/loop`), /redirect count exceeded \(more than 20 redirects from http:\/\/127\.0\.0\.1:\d+\/loop\)/);
    assert.equal(site.seen.length, 21);
  });

  it('asks for compressed bodies and decodes gzip, deflate and brotli', async () => {
    for (const path of ['/gzip', '/deflate', '/br']) assert.equal(await (await get(`${site.url}${path}`)).text(), body, path);
    assert.equal(site.seen.at(-1)?.headers['accept-encoding'], 'gzip, deflate, br');
  });

  it('reads UTF-8 and drops a byte-order mark, as Response.text() does', async () => {
    assert.equal(await (await get(`${site.url}/bom`)).text(), body);
  });

  it('gives the status, its reason and the headers in any case', async () => {
    const response = await get(`${site.url}/missing`);
    assert.deepEqual([response.status, response.statusText, response.ok], [404, 'Gone Fishing', false]);
    assert.equal(response.headers.get('x-ratelimit-remaining'), '7');
    assert.equal(response.headers.get('X-RateLimit-Remaining'), '7');
    assert.equal(response.headers.get('retry-after'), null);
  });

  it('rejects a body cut off mid-way as a reset connection', async () => {
    await assert.rejects(get(`${site.url}/cut`), { code: 'ECONNRESET' });
  });

  it('rejects with the signal\'s reason when it aborts while waiting', async () => {
    const controller = new AbortController();
    const pending = get(`${site.url}/never`, {}, controller.signal);
    setImmediate(() => controller.abort(new Error('stop now')));
    await assert.rejects(pending, /stop now/);
  });

  it('rejects a refused connection with its code', async () => {
    const closed = await listen(() => undefined);
    await closed.close();
    await assert.rejects(get(`${closed.url}/`), { code: 'ECONNREFUSED' });
  });
});
