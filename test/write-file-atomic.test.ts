import assert from 'node:assert/strict';
import { chmod, lstat, mkdir, mkdtemp, open, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeFileAtomic } from '../src/output/write-file-atomic.js';

describe('writeFileAtomic', () => {
  let root = '';
  let counter = 0;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'zenodo-stats-write-'));
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** A fresh, empty directory per test, so leftover temp files are easy to spot. */
  async function freshDir(): Promise<string> {
    counter += 1;
    const dir = join(root, `case-${counter}`);
    await mkdir(dir);
    return dir;
  }

  /** Data whose write fails half-way: a first chunk is written, then the iterator throws. */
  function failingData(): string {
    function* chunks(): Generator<string> {
      yield 'partial ';
      throw new Error('boom while writing');
    }
    return { [Symbol.iterator]: chunks } as unknown as string;
  }

  it('creates a new file with the data and mode 0644', async () => {
    const dir = await freshDir();
    const path = join(dir, 'stats.csv');
    await writeFileAtomic(path, 'a,b\r\n1,2\r\n');
    assert.equal(await readFile(path, 'utf8'), 'a,b\r\n1,2\r\n');
    assert.equal((await stat(path)).mode & 0o777, 0o644);
    assert.deepEqual(await readdir(dir), ['stats.csv']);
  });

  it('writes bytes and non-ASCII text unchanged', async () => {
    const dir = await freshDir();
    const bytesPath = join(dir, 'bytes.bin');
    const bytes = new Uint8Array([0, 255, 0xef, 0xbb, 0xbf, 10, 13]);
    await writeFileAtomic(bytesPath, bytes);
    assert.deepEqual(new Uint8Array(await readFile(bytesPath)), bytes);

    const textPath = join(dir, 'text.csv');
    const text = '\uFEFFBioimage-Analyse für Anfänger – ÄÖÜ 🧬\r\n';
    await writeFileAtomic(textPath, text);
    assert.equal(await readFile(textPath, 'utf8'), text);
  });

  it('replaces an existing file by rename, so a reader of the old file keeps the old content', async () => {
    const dir = await freshDir();
    const path = join(dir, 'stats.json');
    await writeFile(path, 'old content');
    const before = await stat(path);
    const reader = await open(path, 'r');
    try {
      await writeFileAtomic(path, 'new content');
      assert.equal(await readFile(path, 'utf8'), 'new content');
      assert.notEqual((await stat(path)).ino, before.ino, 'a new inode took the name');
      const { buffer, bytesRead } = await reader.read({ buffer: Buffer.alloc(64), position: 0 });
      assert.equal(buffer.subarray(0, bytesRead).toString('utf8'), 'old content', 'the old file was not rewritten');
    } finally {
      await reader.close();
    }
    assert.deepEqual(await readdir(dir), ['stats.json']);
  });

  it('replaces a longer file completely', async () => {
    const dir = await freshDir();
    const path = join(dir, 'stats.csv');
    await writeFile(path, 'x'.repeat(10_000));
    await writeFileAtomic(path, 'short');
    assert.equal(await readFile(path, 'utf8'), 'short');
  });

  it("keeps the replaced file's mode", async () => {
    const dir = await freshDir();
    const path = join(dir, 'private.csv');
    await writeFile(path, 'old');
    await chmod(path, 0o600);
    await writeFileAtomic(path, 'new');
    assert.equal((await stat(path)).mode & 0o777, 0o600);

    const wide = join(dir, 'shared.csv');
    await writeFile(wide, 'old');
    await chmod(wide, 0o666);
    await writeFileAtomic(wide, 'new');
    assert.equal((await stat(wide)).mode & 0o777, 0o666, 'the umask does not narrow the kept mode');
  });

  it('uses an explicit mode for new and replaced files', async () => {
    const dir = await freshDir();
    const path = join(dir, 'out.csv');
    await writeFileAtomic(path, 'one', { mode: 0o640 });
    assert.equal((await stat(path)).mode & 0o777, 0o640);
    await writeFileAtomic(path, 'two', { mode: 0o600 });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  });

  it('replaces the file a symlink points to and keeps the link', async () => {
    const dir = await freshDir();
    const real = join(dir, 'real.csv');
    const link = join(dir, 'link.csv');
    await writeFile(real, 'old');
    await symlink('real.csv', link);
    await writeFileAtomic(link, 'new');
    assert.equal(await readFile(real, 'utf8'), 'new');
    assert.ok((await lstat(link)).isSymbolicLink());
    assert.deepEqual((await readdir(dir)).sort(), ['link.csv', 'real.csv']);
  });

  it('leaves the target untouched and removes the temp file when writing fails', async () => {
    const dir = await freshDir();
    const path = join(dir, 'stats.csv');
    await writeFile(path, 'previous content');
    await chmod(path, 0o640);
    await assert.rejects(writeFileAtomic(path, failingData()), (error: Error) => {
      assert.match(error.message, /^cannot write .*stats\.csv: boom while writing$/);
      assert.equal((error.cause as Error).message, 'boom while writing');
      return true;
    });
    assert.equal(await readFile(path, 'utf8'), 'previous content');
    assert.equal((await stat(path)).mode & 0o777, 0o640);
    assert.deepEqual(await readdir(dir), ['stats.csv']);
  });

  it('leaves no file at all when writing a new file fails', async () => {
    const dir = await freshDir();
    await assert.rejects(writeFileAtomic(join(dir, 'new.csv'), failingData()), /boom while writing/);
    assert.deepEqual(await readdir(dir), []);
  });

  it('refuses to replace a directory and leaves it as it was', async () => {
    const dir = await freshDir();
    const target = join(dir, 'stats.csv');
    await mkdir(target);
    await writeFile(join(target, 'inside.txt'), 'keep me');
    await assert.rejects(writeFileAtomic(target, 'data'), (error: NodeJS.ErrnoException) => {
      assert.equal(error.code, 'EISDIR');
      assert.match(error.message, /^cannot write .*stats\.csv: .* is a directory$/);
      return true;
    });
    assert.equal(await readFile(join(target, 'inside.txt'), 'utf8'), 'keep me');
    assert.deepEqual(await readdir(dir), ['stats.csv']);
    assert.deepEqual(await readdir(target), ['inside.txt']);
  });

  it('names a missing parent directory', async () => {
    const dir = await freshDir();
    const missing = join(dir, 'no-such-dir');
    const path = join(missing, 'stats.csv');
    await assert.rejects(writeFileAtomic(path, 'data'), (error: NodeJS.ErrnoException) => {
      assert.equal(error.message, `cannot write ${path}: directory ${missing} does not exist`);
      assert.equal(error.code, 'ENOENT');
      assert.ok(error.cause instanceof Error);
      return true;
    });
    assert.deepEqual(await readdir(dir), []);
  });

  it('reports a parent that is a file with its code', async () => {
    const dir = await freshDir();
    const file = join(dir, 'file');
    await writeFile(file, 'x');
    await assert.rejects(writeFileAtomic(join(file, 'stats.csv'), 'data'), { code: 'ENOTDIR' });
    assert.equal(await readFile(file, 'utf8'), 'x');
  });

  it('leaves one complete version and no temp files after concurrent writes', async () => {
    const dir = await freshDir();
    const path = join(dir, 'stats.csv');
    const versions = Array.from({ length: 8 }, (_, i) => `${i}`.repeat(50_000 + i));
    await Promise.all(versions.map((data) => writeFileAtomic(path, data)));
    assert.ok(versions.includes(await readFile(path, 'utf8')));
    assert.deepEqual(await readdir(dir), ['stats.csv']);
  });
});
