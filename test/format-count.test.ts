import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCount } from '../src/terminal/terminal.js';

describe('formatCount', () => {
  it('groups whole numbers by thousands with commas, whatever the locale', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(1000), '1,000');
    assert.equal(formatCount(47122), '47,122');
    assert.equal(formatCount(1269846), '1,269,846');
    assert.equal(formatCount(100000), '100,000');
    assert.equal(formatCount(-1234), '-1,234');
    assert.equal(formatCount(Number.MAX_SAFE_INTEGER), '9,007,199,254,740,991');
  });

  it('leaves fractions to the en-US locale', () => {
    assert.equal(formatCount(1234.5), '1,234.5');
  });
});
