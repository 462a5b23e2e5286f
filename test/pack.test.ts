/**
 * Issue 14, "ready to publish": the tarball `npm pack` makes, installed in an empty folder without the
 * repository, runs — the CLI (`npx zenodo-stats --version`, a `summarize` against the fake Zenodo) and the
 * library import. Its dependencies come from the npm registry, as a user's would. npm test builds dist/ first.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { makeSyntheticRecords } from './helpers/dataset.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { tempDir } from './helpers/run-cli.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the npm package, installed on its own', { timeout: 600_000 }, () => {
  let dir: string;
  let remove: () => Promise<void>;
  let app: string;
  let server: FakeZenodo;
  let tarballFiles: string[] = [];
  const env = { ...process.env, npm_config_engine_strict: 'false', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

  before(async () => {
    ({ dir, remove } = await tempDir());
    // dist/ is built already; --ignore-scripts keeps `prepare` from building it again.
    const packed = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, env, maxBuffer: 16 * 1024 * 1024 });
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    assert.ok(info);
    tarballFiles = info.files.map((f) => f.path);
    app = path.join(dir, 'app');
    await run('mkdir', [app]);
    await writeFile(path.join(app, 'package.json'), `${JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' })}\n`);
    await run(npm, ['install', '--no-package-lock', path.join(dir, path.basename(info.filename))], { cwd: app, env, maxBuffer: 16 * 1024 * 1024 });
    server = await startFakeZenodo({
      records: makeSyntheticRecords(40, { community: 'packed', seed: 21 }),
      communities: [{ id: 'p4ck', slug: 'packed', title: 'Packed' }],
    });
  });
  after(async () => {
    await server?.close();
    await remove();
  });

  it('holds the built code, README and licence, and no sources, tests or fixtures', () => {
    for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts']) assert.ok(tarballFiles.includes(file), file);
    for (const file of tarballFiles) assert.match(file, /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+)$/, file);
  });

  it('passes publint, suggestions included (exports, types, files, bin)', async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    const { messages } = await publint({ pkgDir: root, level: 'suggestion', strict: true, pack: 'npm' });
    assert.deepEqual(messages.map((m) => `${m.type} ${m.code}: ${formatMessage(m, pkg) ?? ''}`), []);
  });

  it('npx zenodo-stats --version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const result = await run('npx', ['--no-install', 'zenodo-stats', '--version'], { cwd: app, env });
    assert.equal(result.stdout.trim(), version);
  });

  it('summarizes a community against the fake Zenodo', async () => {
    const result = await run(path.join(app, 'node_modules', '.bin', 'zenodo-stats'), ['summarize', 'packed', '--base-url', server.url, '-o', 'packed.csv', '--db', 'packed.sqlite'], { cwd: app, env });
    assert.match(result.stderr, /^40 records · /m);
    const csv = await readFile(path.join(app, 'packed.csv'), 'utf8');
    assert.equal(csv.trim().split(/\r?\n/).length, 41, 'a header and 40 rows');
    assert.ok((await readdir(app)).includes('packed.sqlite'));
  });

  it('imports as a library with its types', async () => {
    const result = await run(process.execPath, ['--input-type=module', '-e', "const m = await import('zenodo-stats'); console.log(typeof m.writeFileAtomic)"], { cwd: app, env });
    assert.equal(result.stdout.trim(), 'function');
    const types = await readFile(path.join(app, 'node_modules', 'zenodo-stats', 'dist', 'index.d.ts'), 'utf8');
    assert.match(types, /writeFileAtomic/);
  });
});
