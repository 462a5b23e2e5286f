import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateFullDownloads } from '../src/records/estimate-full-downloads.js';

describe('estimateFullDownloads', () => {
  it('divides bytes downloaded by the size, to one decimal', () => {
    assert.equal(estimateFullDownloads(3_000_000, 1_000_000), 3);
    // 855 downloads of a record of two files of mean size s: 855 s bytes over 2 s bytes.
    assert.equal(estimateFullDownloads(855 * 1_795_262.5, 3_590_525), 427.5);
    assert.equal(estimateFullDownloads(2, 3), 0.7);
    assert.equal(estimateFullDownloads(1, 3), 0.3);
    assert.equal(estimateFullDownloads(0, 10), 0);
  });

  it('knows none without bytes downloaded, without a size, or for a record of no bytes', () => {
    assert.equal(estimateFullDownloads(null, 10), null);
    assert.equal(estimateFullDownloads(Number.NaN, 10), null);
    assert.equal(estimateFullDownloads(10, null), null);
    assert.equal(estimateFullDownloads(10, 0), null);
  });
});
