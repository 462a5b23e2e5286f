import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** How long a run of the built CLI may take before it is taken for hung (each finishes in about a second). */
export const deadlineMs = 90_000;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A run of the built CLI that did not finish by the deadline, with what the kernel said the process was waiting
 * in. CI once spent its whole budget in the first run as `nobody`, and on Node 24 a `snapshots` run of the
 * workflow test hung in rehearsals with its main thread and its one V8 worker both on a futex (nodejs/node#54918,
 * a deadlock in `process.exit`, which the CLI no longer calls): this names the wait instead of hanging the suite,
 * and fails the test, under CI too.
 */
export class HungRun extends Error {}
let hungBefore: HungRun | undefined;

/**
 * Spawns `file`, collecting its output; rejects with a HungRun after `deadlineMs`. Once a run hung, later ones in
 * the same test file reject at once (the machine is in that state; the first message says why).
 */
export function runWithDeadline(file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: cwd }): Promise<Run> {
  if (hungBefore !== undefined) return Promise.reject(hungBefore);
  const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const waits = [child.pid, ...childPids(child.pid)].map((pid) => `${pid}: ${procText(pid, 'cmdline')} in ${procText(pid, 'wchan')} (${procText(pid, 'syscall')})`);
      hungBefore = new HungRun(`${file} ${args.join(' ')} did not finish within ${deadlineMs} ms; waiting: ${waits.join('; ')}; stderr so far: ${stderr}`);
      child.kill('SIGKILL');
      reject(hungBefore);
    }, deadlineMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

function procText(pid: number | undefined, name: string): string {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '?';
  }
}

function childPids(pid: number | undefined): number[] {
  const found = procText(pid, `task/${pid}/children`);
  return found === '?' ? [] : found.split(/\s+/).filter(Boolean).map(Number);
}
