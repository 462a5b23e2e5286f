import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { shellWords } from '../scripts/shell-words.js';

describe('shellWords: the demo prints commands that can be copied into a shell', () => {
  it('quotes a title with spaces and parentheses, leaves plain words and URLs alone', () => {
    assert.equal(
      shellWords(['report', 'nfdi4bioimage', '--base-url', 'http://127.0.0.1:4567', '--title', 'NFDI4BIOIMAGE on Zenodo (demo data)']),
      "report nfdi4bioimage --base-url http://127.0.0.1:4567 --title 'NFDI4BIOIMAGE on Zenodo (demo data)'",
    );
    assert.equal(shellWords(['--query', 'keywords:"napari"', '']), `--query 'keywords:"napari"' ''`);
    assert.equal(shellWords(["it's", '$HOME']), `'it'\\''s' '$HOME'`);
  });

  it('a shell reads the printed words back as the same arguments', () => {
    const args = ['--title', 'NFDI4BIOIMAGE on Zenodo (demo data)', "it's", '$HOME', 'a;b', '*', ''];
    const echoed = execFileSync('sh', ['-c', `printf '%s\\n' ${shellWords(args)}`], { encoding: 'utf8' });
    assert.deepEqual(echoed.split('\n').slice(0, -1), args);
  });
});
