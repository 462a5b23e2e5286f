import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCommunityFixture } from './helpers/dataset.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { checkoutWithRemote } from './helpers/checkout-with-remote.js';
import { tempDir } from './helpers/run-cli.js';
import { runWithDeadline } from './helpers/run-with-deadline.js';

const execFileAsync = promisify(execFile);
const workflowFile = fileURLToPath(new URL('../examples/github-actions/weekly-without-action.yml', import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  env: Record<string, string>;
}

/** Just enough YAML for this workflow's shape: top-level env, the cron line, and the steps of the one job. */
function readWorkflow(text: string): { cron: string[]; env: Record<string, string>; steps: Step[] } {
  const lines = text.split('\n');
  const cron = lines.flatMap((l) => /^\s+- cron: '([^']+)'/.exec(l)?.slice(1) ?? []);
  const env: Record<string, string> = {};
  const envAt = lines.indexOf('env:');
  for (let i = envAt + 1; envAt >= 0 && i < lines.length && /^\s{2}\S/.test(lines[i] ?? ''); i += 1) {
    const m = /^\s{2}(\w+): (.*)$/.exec(lines[i] ?? '');
    if (m) env[m[1] ?? ''] = m[2] ?? '';
  }
  const steps: Step[] = [];
  let step: Step | undefined;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const start = /^ {6}- (\w+): ?(.*)$/.exec(line);
    const field = /^ {8}(\w+): ?(.*)$/.exec(line);
    const m = start ?? field;
    if (start) steps.push((step = { env: {} }));
    if (!m || !step) continue;
    const [, key, value = ''] = m;
    if (key === 'run' && value === '|') {
      const body: string[] = [];
      while (i + 1 < lines.length && (/^ {10}/.test(lines[i + 1] ?? '') || (lines[i + 1] ?? '').trim() === '')) body.push((lines[(i += 1)] ?? '').slice(10));
      step.run = `${body.join('\n').trimEnd()}\n`;
    } else if (key === 'run') step.run = value;
    else if (key === 'env') {
      while (/^ {10}\w+: /.test(lines[i + 1] ?? '')) {
        const e = /^ {10}(\w+): (.*)$/.exec(lines[(i += 1)] ?? '');
        if (e) step.env[e[1] ?? ''] = e[2] ?? '';
      }
    } else if (key === 'name' || key === 'id' || key === 'uses') step[key] = value;
  }
  return { cron, env, steps };
}

const workflow = readWorkflow(await readFile(workflowFile, 'utf8'));

describe('examples/github-actions/weekly-without-action.yml', () => {
  let server: FakeZenodo;
  let dir: string;
  let remove: () => Promise<void>;
  let work: string;
  let bin: string;

  before(async () => {
    const { records, communities } = loadCommunityFixture();
    server = await startFakeZenodo({ records, communities });
    ({ dir, remove } = await tempDir());
    ({ work } = checkoutWithRemote(dir));
    // `zenodo-stats` on PATH is this checkout's build, as `npm install --global zenodo-stats` would provide.
    bin = path.join(dir, 'bin');
    await mkdir(bin);
    await writeFile(path.join(bin, 'zenodo-stats'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
    await chmod(path.join(bin, 'zenodo-stats'), 0o755);
  });
  after(async () => {
    await server.close();
    await remove();
  });

  /**
   * Runs every `run:` step but the install, as the runner would, with the job's environment (asynchronously: the
   * fake Zenodo answers from this process).
   */
  async function runSteps(): Promise<string> {
    let log = '';
    for (const step of workflow.steps) {
      if (step.run === undefined || step.id === 'install') continue;
      const env = { ...workflow.env, ...Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, v.includes('${{') ? '' : v])) };
      const { stdout, stderr } = await execFileAsync('bash', ['-e', '-c', step.run], {
        cwd: work,
        env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: dir, ZENODO_BASE_URL: server.url, ...env },
        encoding: 'utf8',
      });
      log += stdout + stderr;
    }
    return log;
  }

  it('runs weekly and keeps the store in the cache', () => {
    assert.deepEqual(workflow.cron, ['17 6 * * 2']);
    assert.ok(workflow.steps.some((s) => s.uses?.startsWith('actions/cache/restore@')));
    assert.ok(workflow.steps.some((s) => s.uses?.startsWith('actions/cache/save@')));
    assert.equal(workflow.env.COMMUNITY, 'nfdi4bioimage');
    assert.equal(workflow.steps.filter((s) => s.run !== undefined).length, 5);
  });

  it('its shell steps fetch, report and commit the dated CSV and the report', async () => {
    await runSteps();
    const day = new Date().toISOString().slice(0, 10);
    const csv = await readFile(path.join(work, 'statistics', `${day}.csv`), 'utf8');
    assert.equal(csv.trimEnd().split('\r\n').length, 150);
    assert.ok(existsSync(path.join(work, 'docs', 'index.html')));
    assert.ok(existsSync(path.join(work, 'docs', 'README.md')));
    // What reached the remote: one commit with the day's CSV and the report.
    const log = execFileSync('git', ['--git-dir', path.join(dir, 'remote.git'), 'log', '--oneline', '--all'], { encoding: 'utf8' }).trim().split('\n');
    assert.equal(log.length, 1);
    assert.match(log[0] ?? '', new RegExp(`Zenodo statistics of ${day}`));
    assert.ok(!(await readdir(work)).some((f) => f.includes('checkpoint')));
  });

  it('rebuilds the history from the committed CSVs when the cached store is gone', async () => {
    // An earlier week's CSV, as an earlier run committed it; the cache has no store. Without the import step the
    // store would hold today's snapshot only.
    const today = new Date().toISOString().slice(0, 10);
    const earlier = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    await rm(path.join(work, 'zenodo-stats.sqlite'), { force: true });
    await mkdir(path.join(work, 'statistics'), { recursive: true });
    await execFileAsync(process.execPath, [cli, 'summarize', 'nfdi4bioimage', '--out', path.join(work, 'statistics', `${earlier}.csv`), '--no-db', '-q'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, ZENODO_BASE_URL: server.url },
    });
    const log = await runSteps();
    assert.ok(existsSync(path.join(work, 'zenodo-stats.sqlite')));
    assert.match(log, /nothing changed|\]/);
    // A hung run fails naming what it waits in (see HungRun).
    const listed = await runWithDeadline(process.execPath, [cli, 'snapshots', 'nfdi4bioimage', '--format', 'json'], work, process.env);
    assert.equal(listed.code, 0, listed.stderr);
    const snapshots = JSON.parse(listed.stdout) as { day: string; records: number; source: string }[];
    assert.deepEqual(snapshots.map((s) => [s.day, s.records]), [[earlier, 149], [today, 149]]);
    assert.equal(snapshots[0]?.source, `import:${earlier}.csv`);
  });
});
