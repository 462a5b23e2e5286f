import assert from 'node:assert/strict';
import { chmod, lstat, mkdir, mkdtemp, open, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { exitCodes, LocalIoError } from '../src/errors.js';
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

  /** An error of the data's own, like a renderer's or a spool's, with an exit code the caller relies on. */
  class SourceError extends Error {
    override name = 'SourceError';
    readonly exitCode = 3;
  }

  /** Data whose iterable fails half-way: some chunks are written, then it throws `error`. */
  function* failingData(error: Error = new SourceError('boom while writing')): Generator<string> {
    yield 'partial ';
    yield 'more partial ';
    throw error;
  }

  /** `text` cut into chunks of `size` code points (a surrogate pair stays whole), as a lazy generator. */
  function* chunksOf(text: string, size: number): Generator<string> {
    const codePoints = Array.from(text);
    for (let i = 0; i < codePoints.length; i += size) yield codePoints.slice(i, i + size).join('');
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

  it("leaves the target untouched, removes the temp file and rethrows the iterable's own error when it fails", async () => {
    const dir = await freshDir();
    const path = join(dir, 'stats.csv');
    await writeFile(path, 'previous content');
    await chmod(path, 0o640);
    const error = new SourceError('boom while writing');
    await assert.rejects(writeFileAtomic(path, failingData(error)), (thrown: unknown) => {
      assert.equal(thrown, error, 'the same object, so its class and exit code survive');
      return true;
    });
    assert.equal(await readFile(path, 'utf8'), 'previous content');
    assert.equal((await stat(path)).mode & 0o777, 0o640);
    assert.deepEqual(await readdir(dir), ['stats.csv']);
  });

  it("rethrows an async iterable's own error unchanged and leaves no temp file", async () => {
    const dir = await freshDir();
    const path = join(dir, 'stats.json');
    await writeFile(path, 'previous content');
    const error = new SourceError('spool read failed');
    async function* data(): AsyncGenerator<string> {
      yield '[\n';
      await Promise.resolve();
      throw error;
    }
    await assert.rejects(writeFileAtomic(path, data()), (thrown: unknown) => thrown === error);
    assert.equal(await readFile(path, 'utf8'), 'previous content');
    assert.deepEqual(await readdir(dir), ['stats.json']);
  });

  it('wraps a failure to write a chunk with the path and code, and stops the iterable', async () => {
    const dir = await freshDir();
    const path = join(dir, 'stats.csv');
    await writeFile(path, 'previous content');
    let closed = false;
    function* data(): Generator<string | Uint8Array> {
      try {
        yield 'fine ';
        yield 42 as unknown as string;
        yield 'never written';
      } finally {
        closed = true;
      }
    }
    await assert.rejects(writeFileAtomic(path, data()), (error: NodeJS.ErrnoException) => {
      assert.match(error.message, /^cannot write .*stats\.csv: /);
      assert.equal(error.code, 'ERR_INVALID_ARG_TYPE');
      assert.ok(error.cause instanceof TypeError);
      return true;
    });
    assert.ok(closed, "the iterable's finally ran");
    assert.equal(await readFile(path, 'utf8'), 'previous content');
    assert.deepEqual(await readdir(dir), ['stats.csv']);
  });

  it('leaves no file at all when writing a new file fails', async () => {
    const dir = await freshDir();
    await assert.rejects(writeFileAtomic(join(dir, 'new.csv'), failingData()), /boom while writing/);
    assert.deepEqual(await readdir(dir), []);
  });

  it('writes an iterable and an async iterable of chunks like the same data as one string', async () => {
    const dir = await freshDir();
    const text = '\uFEFFzenodo_url,title\r\nhttps://zenodo.org/records/1,"Analyse für Anfänger, ÄÖÜ 🧬"\r\n'.repeat(50);
    await writeFileAtomic(join(dir, 'whole.csv'), text);
    await writeFileAtomic(join(dir, 'sync.csv'), chunksOf(text, 7));
    async function* asyncChunks(): AsyncGenerator<string | Uint8Array> {
      for (const chunk of chunksOf(text, 100)) {
        await Promise.resolve();
        yield chunk;
      }
    }
    await writeFileAtomic(join(dir, 'async.csv'), asyncChunks());
    const bytes = Buffer.from(text, 'utf8');
    // Bytes split inside a multi-byte character are written as they are, so the file still decodes.
    await writeFileAtomic(join(dir, 'bytes.csv'), [bytes.subarray(0, 5), bytes.subarray(5, 101), bytes.subarray(101)]);
    const whole = await readFile(join(dir, 'whole.csv'));
    assert.deepEqual(whole, bytes);
    for (const name of ['sync.csv', 'async.csv', 'bytes.csv']) assert.deepEqual(await readFile(join(dir, name)), whole, name);
    assert.deepEqual((await readdir(dir)).sort(), ['async.csv', 'bytes.csv', 'sync.csv', 'whole.csv']);
  });

  it('writes an empty iterable as an empty file', async () => {
    const dir = await freshDir();
    const path = join(dir, 'empty.ndjson');
    await writeFile(path, 'old');
    await writeFileAtomic(path, []);
    assert.equal(await readFile(path, 'utf8'), '');
  });

  it('streams 50 MB generated lazily in 64 KiB chunks', async () => {
    const dir = await freshDir();
    const path = join(dir, 'large.csv');
    const chunkSize = 64 * 1024;
    const chunkCount = 800;
    function* chunks(): Generator<Uint8Array | string> {
      const bytes = new Uint8Array(chunkSize).fill(0x61);
      for (let i = 0; i < chunkCount; i += 1) yield i % 2 === 0 ? bytes : 'b'.repeat(chunkSize);
    }
    await writeFileAtomic(path, chunks());
    assert.equal((await stat(path)).size, chunkSize * chunkCount);
    const handle = await open(path, 'r');
    try {
      const { buffer } = await handle.read({ buffer: Buffer.alloc(4), position: chunkSize - 2 });
      assert.equal(buffer.toString('latin1'), 'aabb', 'the chunks follow one another in order');
    } finally {
      await handle.close();
    }
    assert.deepEqual(await readdir(dir), ['large.csv']);
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

  it('writes /dev/null in place and leaves it a character device', async () => {
    // Renamed over, /dev/null became a regular file for everybody on the machine (a CI job runs as root).
    await writeFileAtomic('/dev/null', 'a,b\r\n1,2\r\n');
    await writeFileAtomic('/dev/null', ['chunk 1', 'chunk 2']);
    assert.ok((await lstat('/dev/null')).isCharacterDevice());
    const dir = await freshDir();
    const link = join(dir, 'out.csv');
    await symlink('/dev/null', link);
    await writeFileAtomic(link, 'through a link');
    assert.ok((await lstat('/dev/null')).isCharacterDevice());
    assert.ok((await lstat(link)).isSymbolicLink());
    assert.deepEqual(await readdir(dir), ['out.csv']);
  });

  it('writes into a FIFO, so its reader gets the data, and keeps it a FIFO', { timeout: 10_000 }, async () => {
    const dir = await freshDir();
    const fifo = join(dir, 'pipe');
    await promisify(execFile)('mkfifo', [fifo]);
    // The reader opens first (in the thread pool, where an open of a FIFO waits for the writer).
    const received = readFile(fifo, 'utf8');
    await writeFileAtomic(fifo, ['id,downloads\n', '1,2\n']);
    assert.equal(await received, 'id,downloads\n1,2\n');
    assert.ok((await lstat(fifo)).isFIFO());
    assert.deepEqual(await readdir(dir), ['pipe']);
  });

  it('refuses a socket and leaves it in place', async () => {
    const dir = await freshDir();
    const socketPath = join(dir, 'sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      await assert.rejects(writeFileAtomic(socketPath, 'data'), (error: LocalIoError) => {
        assert.ok(error instanceof LocalIoError);
        assert.equal(error.exitCode, exitCodes.localIo);
        assert.match(error.message, /^cannot write .*sock: .* is a socket, not a file$/);
        return true;
      });
      assert.ok((await lstat(socketPath)).isSocket());
      assert.deepEqual(await readdir(dir), ['sock']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a name ending in a slash instead of writing a file of that name', async () => {
    const dir = await freshDir();
    const path = join(dir, 'report') + '/';
    await assert.rejects(writeFileAtomic(path, 'data'), (error: LocalIoError) => {
      assert.ok(error instanceof LocalIoError);
      assert.equal(error.message, `cannot write ${path}: the name ends in '/', so it names a folder; give a file name`);
      return true;
    });
    assert.deepEqual(await readdir(dir), []);
  });

  it('says "permission denied" for a folder it may not write, as a LocalIoError (exit 6)', async (t) => {
    if (process.getuid?.() === 0) {
      // root writes anywhere; a read-only bind mount is not available in a test, so this case runs as a user.
      t.skip('root ignores permission bits');
      return;
    }
    const dir = await freshDir();
    await chmod(dir, 0o555);
    try {
      await assert.rejects(writeFileAtomic(join(dir, 'stats.csv'), 'data'), (error: LocalIoError) => {
        assert.ok(error instanceof LocalIoError);
        assert.equal(error.message, `cannot write ${join(dir, 'stats.csv')}: permission denied (EACCES)`);
        return true;
      });
    } finally {
      await chmod(dir, 0o755);
    }
  });
});
