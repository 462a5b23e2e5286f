import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PaginationError } from '../src/errors.js';
import { rebaseLink } from '../src/zenodo/rebase-link.js';

describe('rebaseLink (links that name another origin)', () => {
  it('other link origin: follows the path and query on the --base-url origin (http vs https, alias, proxy)', () => {
    assert.equal(rebaseLink('https://zenodo.org/api/records?page=2&size=25', 'http://127.0.0.1:8080').href, 'http://127.0.0.1:8080/api/records?page=2&size=25');
    assert.equal(rebaseLink('http://zenodo.org/api/records?page=2', 'https://zenodo.org').href, 'https://zenodo.org/api/records?page=2');
    assert.equal(rebaseLink('https://sandbox.zenodo.org/api/records?q=a%20b', 'https://alias.example').href, 'https://alias.example/api/records?q=a%20b');
  });

  it('keeps a link on the base URL as it is, fragments dropped, relative links resolved', () => {
    assert.equal(rebaseLink('https://zenodo.org/api/records?page=3#x', 'https://zenodo.org').href, 'https://zenodo.org/api/records?page=3');
    assert.equal(rebaseLink('/api/records?page=3', 'https://zenodo.org').href, 'https://zenodo.org/api/records?page=3');
  });

  it('a base URL with a path: a link under that path is followed, one to another path prefix is refused', () => {
    assert.equal(rebaseLink('https://zenodo.org/zenodo/api/records?page=2', 'https://host.example/zenodo').href, 'https://host.example/zenodo/api/records?page=2');
    assert.throws(() => rebaseLink('https://zenodo.org/api/records?page=2', 'https://host.example/zenodo'), (error: unknown) => {
      assert.ok(error instanceof PaginationError);
      assert.equal(error.exitCode, 4);
      assert.match(error.message, /https:\/\/zenodo\.org\/api\/records\?page=2 is outside --base-url https:\/\/host\.example\/zenodo \(its path \/api\/records does not start with \/zenodo\/\)/);
      return true;
    });
    // /zenodo-other is not under /zenodo.
    assert.throws(() => rebaseLink('https://host.example/zenodo-other/api/records', 'https://host.example/zenodo'), PaginationError);
  });

  it('refuses what is not an http(s) URL', () => {
    assert.throws(() => rebaseLink('ftp://zenodo.org/api/records', 'https://zenodo.org'), PaginationError);
    assert.throws(() => rebaseLink('http://[bad', 'https://zenodo.org'), PaginationError);
  });
});
