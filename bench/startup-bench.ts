/**
 * `npm run bench -- startup`: whole-process wall time of the built CLI against a bare `node -e 0` measured in the
 * same run, as ratios (issue 14: `--version` and `--help` within 2×, a `summarize` of 150 records on a local
 * server without rate limits within 5×). Runs are interleaved (one of each in turn, several rounds) so a busy
 * moment of the machine hits every command alike; the median of each is reported. Needs `npm run build`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const fakeScript = fileURLToPath(new URL('./fake-zenodo-process.ts', import.meta.url));

/** One command timed, with its issue's target ratio to `node -e 0`. */
interface Case {
  name: string;
  args: string[];
  target?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Starts the fake Zenodo in a process of its own (its start-up is not ours), with a window so wide it never paces. */
async function startServer(records: number): Promise<{ url: string; stop: () => void }> {
  // A 1 ms window: the published per-minute budgets refill at once, so rate limits never slow a run.
  const child = spawn(process.execPath, ['--import', 'tsx', fakeScript, String(records), '1'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n')[0];
      if (text.includes('\n') && line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`the fake Zenodo exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

export async function runStartupBench(options: { rounds?: number; out?: (line: string) => void } = {}): Promise<void> {
  const rounds = options.rounds ?? 9;
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'zenodo-stats-startup-bench-'));
  const server = await startServer(150);
  try {
    const cases: Case[] = [
      { name: 'node -e 0', args: ['-e', '0'] },
      { name: 'zenodo-stats --version', args: [cli, '--version'], target: 2 },
      { name: 'zenodo-stats --help', args: [cli, '--help'], target: 2 },
      { name: 'zenodo-stats summarize --help', args: [cli, 'summarize', '--help'], target: 2 },
      { name: 'summarize 150 records (local, no limits)', args: [cli, 'summarize', 'bench', '--base-url', server.url, '-o', path.join(dir, 'out.csv'), '--db', path.join(dir, 's.sqlite'), '-q'], target: 5 },
    ];
    const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    process.stderr.write(`${rounds} rounds of ${cases.length} commands, interleaved…\n`);
    for (let round = 0; round < rounds + 1; round += 1) {
      for (const c of cases) {
        const started = performance.now();
        const result = spawnSync(process.execPath, c.args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
        const elapsed = performance.now() - started;
        if (result.status !== 0) throw new Error(`${c.name} exited with ${result.status}: ${result.stderr.toString()}`);
        // The first round warms the file cache and is not counted.
        if (round > 0) times.get(c.name)?.push(elapsed);
      }
    }
    const bare = median(times.get('node -e 0') ?? []);
    out(`| command | median wall (ms) | × node -e 0 | target |`);
    out(`|---|---:|---:|---:|`);
    for (const c of cases) {
      const ms = median(times.get(c.name) ?? []);
      const ratio = ms / bare;
      const verdict = c.target === undefined ? '' : `≤ ${c.target}× ${ratio <= c.target ? '✓' : '✗'}`;
      out(`| ${c.name} | ${ms.toFixed(0)} | ${ratio.toFixed(2)} | ${verdict} |`);
    }
    out('');
    out(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.platform()} ${os.release()}; ${rounds} interleaved rounds after one warm-up`);
  } finally {
    server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
