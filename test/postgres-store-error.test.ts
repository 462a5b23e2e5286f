import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DatabaseError } from 'pg';
import { describePostgresUrl } from '../src/store/describe-postgres-url.js';
import { toStoreError } from '../src/store/postgres-store-error.js';
import { StoreError } from '../src/store/store-error.js';

/**
 * A full disk on the database server cannot be made in CI (it would need a file system of its own under the
 * server's tablespace), so the server's error is built as node-postgres builds it from the wire: its message and
 * SQLSTATE (PostgreSQL's errcodes.txt: 53100 disk_full).
 */
function serverError(message: string, code: string): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

describe('PostgreSQL errors as StoreErrors', () => {
  const context = { target: describePostgresUrl('postgres://stats:s3cret@db.example.org/zenodo'), lockTimeoutMs: 10_000, readOnly: false, schemaVersion: 3 };

  it('a full disk on the server says so, names the store without its password, and is a local I/O exit', () => {
    const error = toStoreError(serverError('could not extend file "base/16384/16385": No space left on device', '53100'), context, 'saving the snapshot of nfdi4bioimage for 2026-12-07');
    assert.ok(error instanceof StoreError);
    assert.equal(error.reason, 'full');
    assert.equal(error.exitCode, 6);
    assert.equal(
      error.message,
      'no space left for the store postgres://stats:***@db.example.org:5432/zenodo: the database server\'s disk is full (could not extend file "base/16384/16385": No space left on device); saving the snapshot of nfdi4bioimage for 2026-12-07 failed, so nothing of it was saved',
    );
    assert.doesNotMatch(error.message, /s3cret/);
  });

  it('another failure of the server stays a database failure with its own words', () => {
    const error = toStoreError(serverError('division by zero', '22012'), context, 'loading');
    assert.ok(error instanceof StoreError);
    assert.equal(error.reason, 'sqlite');
    assert.equal(error.message, 'postgres://stats:***@db.example.org:5432/zenodo: loading failed: division by zero');
  });
});
