import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * A clone of an empty bare repository in `dir`, as `actions/checkout` leaves a job's working tree: a repository
 * with a remote to push to. Returns the clone's path (`dir/work`) and the remote's (`dir/remote.git`).
 */
export function checkoutWithRemote(dir: string): { work: string; remote: string } {
  const remote = path.join(dir, 'remote.git');
  const work = path.join(dir, 'work');
  execFileSync('git', ['init', '-q', '--bare', remote]);
  execFileSync('git', ['clone', '-q', remote, work], { stdio: 'ignore' });
  return { work, remote };
}
