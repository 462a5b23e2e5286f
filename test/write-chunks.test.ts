import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { writeChunks } from '../src/terminal/cli-io.js';

describe('writeChunks', () => {
  it('waits for drain when the sink is full before it pulls the next chunk', async () => {
    const sink = Object.assign(new EventEmitter(), {
      written: [] as string[],
      write(text: string) {
        this.written.push(text);
        // Full after every second chunk, as a pipe to a slow reader is.
        return this.written.length % 2 === 1;
      },
    });
    let pulled = 0;
    function* chunks() {
      for (let i = 0; i < 5; i += 1) {
        pulled += 1;
        yield `chunk ${i}\n`;
      }
    }
    const done = writeChunks(sink, chunks());
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(pulled, 2, 'stopped after the write that filled the sink');
    sink.emit('drain');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(pulled, 4);
    sink.emit('drain');
    await done;
    assert.deepEqual(sink.written, ['chunk 0\n', 'chunk 1\n', 'chunk 2\n', 'chunk 3\n', 'chunk 4\n']);
  });

  it('never waits on a sink that cannot say drain (a test buffer)', async () => {
    let text = '';
    await writeChunks({ write: (t: string) => ((text += t), false) }, ['a', 'b', 'c']);
    assert.equal(text, 'abc');
  });
});
