import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { loadCommunityFixture } from './helpers/dataset.js';
import { runCli, tempDir } from './helpers/run-cli.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';

const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
const root = fileURLToPath(new URL('..', import.meta.url));

describe('README', () => {
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

  for (const command of ['summarize', 'history', 'top', 'snapshots', 'report', 'export', 'import', 'migrate']) {
    it(`lists exactly the options that \`${command} --help\` offers`, async () => {
      const help = (await runCli([command, '--help'], { cwd: dir })).stdout;
      // Only the option list: lines that start with the option itself, not mentions in descriptions or examples.
      const inHelp = new Set([...help.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]+)/gm)].map((m) => m[1]));
      const start = readme.indexOf(`### ${command}\n`);
      assert.ok(start > 0, `README has a section for ${command}`);
      const section = readme.slice(start, readme.indexOf('\n### ', start + 4));
      const inReadme = new Set([...section.matchAll(/^\| `(?:-\w, )?(--[a-z][a-z-]+)/gm)].map((m) => m[1]));
      inHelp.delete('--help');
      inReadme.delete('--help');
      // Global options show in the top-level help, not in the subcommand's.
      const global = (await runCli(['--help'], { cwd: dir })).stdout;
      for (const option of ['--debug', '--version']) {
        assert.ok(global.includes(option), option);
        inReadme.delete(option);
        inHelp.delete(option);
      }
      assert.deepEqual([...inReadme].sort(), [...inHelp].sort());
    });
  }

  it('documents every exit code the CLI uses', async () => {
    const { exitCodes } = await import('../src/errors.js');
    for (const code of Object.values(exitCodes).filter((c) => c !== 1)) {
      assert.match(readme, new RegExp(`^\\| ${code} \\|`, 'm'), `exit code ${code}`);
    }
  });

  it('has a library example that runs as printed', async () => {
    const example = /## Library API\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(example);
    // The one change: point the example at the fake Zenodo instead of zenodo.org, and at this checkout.
    const code = example
      .replace(/from 'zenodo-stats'/g, `from '${root}src/index.ts'`)
      .replace('createZenodoClient({ token: process.env.ZENODO_TOKEN })', 'createZenodoClient({ token: process.env.ZENODO_TOKEN, baseUrl: process.env.EXAMPLE_BASE_URL })');
    assert.notEqual(code, example);
    await mkdir(`${root}test-output`, { recursive: true });
    const file = `${root}test-output/readme-example.ts`;
    await writeFile(file, code);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', EXAMPLE_BASE_URL: server.url },
    });
    assert.equal(stdout.trimEnd().split('\r\n').length, 150);
  });
});
