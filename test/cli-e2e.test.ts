import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { loadCommunityFixture } from './helpers/dataset.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { tempDir } from './helpers/run-cli.js';

// The built binary, as `npx zenodo-stats` runs it (npm test builds dist/ first).
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function spawnCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

describe('the built zenodo-stats binary', () => {
  let server: FakeZenodo;
  let dir: string;
  let remove: () => Promise<void>;

  before(async () => {
    const { records, communities } = loadCommunityFixture();
    server = await startFakeZenodo({ records, communities });
    ({ dir, remove } = await tempDir());
  });
  after(async () => {
    await server.close();
    await remove();
  });

  it('summarizes a community into a CSV', async () => {
    const { done } = spawnCli(['summarize', 'nfdi4bioimage', '--base-url', server.url], dir);
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
    const csv = await readFile(path.join(dir, 'zenodo_nfdi4bioimage_downloads.csv'), 'utf8');
    assert.equal(csv.trimEnd().split('\r\n').length, 150);
    assert.match(result.stderr, /^149 records · /m);
    assert.match(result.stderr, /^7 requests in /m);
  });

  it('pipes a large output to stdout completely', async () => {
    const { done } = spawnCli(['summarize', '--out', '-', '--format', 'ndjson', '--quiet'], dir, { ZENODO_BASE_URL: server.url });
    const result = await done;
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trimEnd().split('\n').length, 149);
  });

  it('exits quietly when the reader of stdout goes away (| head)', async () => {
    const { child, done } = spawnCli(['summarize', '--help'], dir);
    child.stdout.destroy();
    const result = await done;
    assert.doesNotMatch(result.stderr, /EPIPE|Unhandled/);
  });

  it('stops within a second on SIGINT, exits 130 and writes nothing', async () => {
    server.requests.length = 0;
    server.inject({ kind: 'slow', page: 2, delayMs: 20_000 });
    const { child, done } = spawnCli(['summarize', '--out', 'sigint.csv', '--base-url', server.url], dir);
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (server.requests.some((r) => r.query.page === '2')) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    const sent = Date.now();
    child.kill('SIGINT');
    const result = await done;
    assert.ok(Date.now() - sent < 1_000, `took ${Date.now() - sent} ms`);
    assert.equal(result.code, 130);
    assert.match(result.stderr, /interrupted; nothing was written/);
    assert.ok(!existsSync(path.join(dir, 'sigint.csv')));
    server.clearFaults();
  });
});
