/**
 * Issue 14, "at home on GitHub": action.yml's own shell steps, run as the runner would for the inputs the example
 * workflow gives it, against the fake Zenodo, in a clone of a repository with a remote to push to. The steps that
 * `uses:` another action (setup-node, the cache) and the install step (npm ci in the action's checkout; here the
 * checkout is this repository, built by npm test) are the runner's part and are not run.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { loadCommunityFixture } from './helpers/dataset.js';
import { startFakeZenodo, type FakeZenodo } from './helpers/fake-zenodo.js';
import { checkoutWithRemote } from './helpers/checkout-with-remote.js';
import { tempDir } from './helpers/run-cli.js';
import { runWithDeadline } from './helpers/run-with-deadline.js';

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist', 'cli.js');

interface ActionStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; steps: ActionStep[] };
}
interface Workflow {
  jobs: Record<string, { steps: ActionStep[] }>;
}

const action = parse(await readFile(path.join(root, 'action.yml'), 'utf8')) as Action;
const example = parse(await readFile(path.join(root, 'examples', 'github-actions', 'weekly.yml'), 'utf8')) as Workflow;
const exampleStep = Object.values(example.jobs).flatMap((job) => job.steps).find((s) => s.uses?.startsWith('nfdi4bioimage/zenodo-stats@'));

/** `${{ inputs.x }}` and the like, as the runner expands them; an expression of anything else becomes ''. */
function expand(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? '').replace(/\$\{\{[^}]*\}\}/g, '');
}

describe('action.yml, a composite action', () => {
  let server: FakeZenodo;
  let dir: string;
  let remove: () => Promise<void>;
  let work: string;

  before(async () => {
    const { records, communities } = loadCommunityFixture();
    server = await startFakeZenodo({ records, communities });
    ({ dir, remove } = await tempDir());
    ({ work } = checkoutWithRemote(dir));
  });
  after(async () => {
    await server.close();
    await remove();
  });

  /** Runs every shell step but the install, with `given` over the example's inputs over the defaults. */
  async function runAction(given: Record<string, string>): Promise<{ code: number; log: string }> {
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? '']));
    const inputs = { ...defaults, ...Object.fromEntries(Object.entries(exampleStep?.with ?? {}).map(([k, v]) => [k, expand(String(v), {})])), 'base-url': server.url, ...given };
    let log = '';
    for (const step of action.runs.steps) {
      if (step.run === undefined || step.id === 'install') continue;
      const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), inputs)]));
      try {
        const { stdout, stderr } = await execFileAsync('bash', ['-e', '-c', step.run], {
          cwd: work,
          env: { PATH: process.env.PATH ?? '', HOME: dir, GITHUB_ACTION_PATH: root, ZS: `${process.execPath} ${cli}`, ...env },
          encoding: 'utf8',
        });
        log += stdout + stderr;
      } catch (error) {
        const e = error as { code?: number; stdout?: string; stderr?: string };
        return { code: e.code ?? 1, log: log + (e.stdout ?? '') + (e.stderr ?? '') };
      }
    }
    return { code: 0, log };
  }

  it('is a composite action the example workflow uses, with the inputs the issue names', () => {
    assert.equal(action.runs.using, 'composite');
    for (const input of ['community', 'records', 'token', 'report-dir', 'commit']) assert.ok(input in action.inputs, input);
    assert.ok(exampleStep, 'examples/github-actions/weekly.yml uses nfdi4bioimage/zenodo-stats@…');
    assert.equal(exampleStep?.with?.community, 'nfdi4bioimage');
    assert.match(String(exampleStep?.with?.token), /secrets\.ZENODO_TOKEN/);
    // Every shell step says its shell, as a composite action must.
    for (const step of action.runs.steps) if (step.run !== undefined) assert.equal(step.shell, 'bash', step.name);
  });

  it('fetches the community, reports, and commits the dated CSV and the report', async () => {
    const { code, log } = await runAction({});
    assert.equal(code, 0, log);
    const day = new Date().toISOString().slice(0, 10);
    const csv = await readFile(path.join(work, 'statistics', `${day}.csv`), 'utf8');
    assert.equal(csv.trimEnd().split('\r\n').length, 150, 'a header and the 149 records');
    assert.ok(existsSync(path.join(work, 'docs', 'index.html')));
    assert.ok(existsSync(path.join(work, 'docs', 'badges', 'downloads.svg')));
    const commits = execFileSync('git', ['--git-dir', path.join(dir, 'remote.git'), 'log', '--oneline', '--all'], { encoding: 'utf8' }).trim().split('\n');
    assert.equal(commits.length, 1);
    assert.match(commits[0] ?? '', new RegExp(`Zenodo statistics of ${day}`));
  });

  it('rebuilds the history from the committed CSVs when the cached store is gone, and commits nothing new', async () => {
    await rm(path.join(work, 'zenodo-stats.sqlite'));
    const { code, log } = await runAction({});
    assert.equal(code, 0, log);
    assert.match(log, /nothing changed/);
    // A hung run fails naming what it waits in (see HungRun).
    const { stdout } = await runWithDeadline(process.execPath, [cli, 'snapshots', 'nfdi4bioimage', '--format', 'json'], work, process.env);
    assert.deepEqual((JSON.parse(stdout) as { records: number }[]).map((s) => s.records), [149]);
  });

  it('tracks a list of records given as records, under the list file\'s name, and leaves it uncommitted with commit false', async () => {
    const { records } = loadCommunityFixture();
    const picked = records.slice(0, 3).map((r) => `https://zenodo.org/records/${r.id}`);
    await writeFile(path.join(work, 'training.txt'), `${picked.join('\n')}\n`);
    const { code, log } = await runAction({ community: '', records: 'training.txt', 'statistics-dir': 'list-statistics', 'report-dir': 'list-report', commit: 'false' });
    assert.equal(code, 0, log);
    const [file] = await readdir(path.join(work, 'list-statistics'));
    const csv = await readFile(path.join(work, 'list-statistics', file ?? ''), 'utf8');
    assert.equal(csv.trimEnd().split('\r\n').length, 4, 'a header and the 3 listed records');
    assert.ok(existsSync(path.join(work, 'list-report', 'index.html')));
    assert.match(log, /leaving the files uncommitted/);
    // A hung run fails naming what it waits in (see HungRun).
    const { stdout } = await runWithDeadline(process.execPath, [cli, 'snapshots', 'training', '--format', 'json'], work, process.env);
    assert.deepEqual((JSON.parse(stdout) as { records: number }[]).map((s) => s.records), [3]);
  });

  it('stops with a clear error when neither a community nor a records file is given', async () => {
    const { code, log } = await runAction({ community: '', records: '' });
    assert.equal(code, 2);
    assert.match(log, /::error::zenodo-stats: set the input community \(a community's slug\) or records \(a file listing records\)/);
  });
});
