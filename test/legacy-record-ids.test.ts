/**
 * Issue 11 (mutation testing of src/records): a legacy record id is a positive integer or a string of digits,
 * nothing around them; the concept id comes from `conceptrecid`, else from the first version relation's parent.
 * A hit whose id is unreadable (in either format) is named by its position. Expected values are written by hand.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../src/errors.js';
import { normalizeLegacyRecord } from '../src/records/normalize-legacy-record.js';
import { normalizeRdmRecord } from '../src/records/normalize-rdm-record.js';

const legacy = (raw: unknown) => normalizeLegacyRecord(raw, { baseUrl: 'https://zenodo.example' });

describe('legacy record ids', () => {
  it('accepts digits only, one or many', () => {
    assert.equal(legacy({ id: '7', metadata: {} }).id, '7');
    assert.equal(legacy({ id: '11201216', metadata: {} }).id, '11201216');
  });

  for (const id of ['12a', 'a12', '1 2', 'abc']) {
    it(`refuses ${JSON.stringify(id)}, naming the field`, () => {
      assert.throws(
        () => legacy({ id, metadata: {} }),
        (error: unknown) => {
          assert.ok(error instanceof ValidationError);
          assert.deepEqual(error.problems.map((p) => [p.recordId, [...p.issues]]), [[id, ['id: expected a numeric record id']]]);
          return true;
        },
      );
    });
  }
});

describe('legacy concept ids', () => {
  it('is null when neither conceptrecid nor a version relation says', () => {
    assert.equal(legacy({ id: 7, metadata: { relations: {} } }).conceptId, null);
    assert.equal(legacy({ id: 7, conceptrecid: null, metadata: { relations: { version: null } } }).conceptId, null);
    assert.equal(legacy({ id: 7, metadata: { relations: { version: [{}] } } }).conceptId, null);
  });

  it('prefers conceptrecid over the version relation', () => {
    assert.equal(legacy({ id: 7, conceptrecid: '5', metadata: { relations: { version: [{ parent: { pid_value: '6' } }] } } }).conceptId, '5');
    assert.equal(legacy({ id: 7, conceptrecid: null, metadata: { relations: { version: [{ parent: { pid_value: '6' } }] } } }).conceptId, '6');
  });
});

describe('naming a hit whose id is neither a number nor text', () => {
  it('names it by its position, in both formats, even when the id is a list of one number', () => {
    const position = 'page 1, hit 2';
    const recordIdOf = (run: () => unknown): string | undefined => {
      try {
        run();
      } catch (error) {
        assert.ok(error instanceof ValidationError);
        return error.problems[0]?.recordId;
      }
      return undefined;
    };
    assert.equal(recordIdOf(() => normalizeLegacyRecord({ id: [5], metadata: {} }, { baseUrl: 'https://zenodo.example', position })), 'at page 1, hit 2');
    assert.equal(recordIdOf(() => normalizeRdmRecord({ id: ['a'], metadata: {} }, { baseUrl: 'https://zenodo.example', position })), 'at page 1, hit 2');
  });
});
