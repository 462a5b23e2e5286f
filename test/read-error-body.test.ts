import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatServerErrors, readErrorBody } from '../src/zenodo/read-error-body.js';

describe('readErrorBody (the InvenioRDM error envelope)', () => {
  it('reads message and errors[].field/messages of a validation error', () => {
    const body = readErrorBody(
      '{"status":400,"message":"A validation error occurred.","errors":[{"field":"size","messages":["Page size cannot be greater than 25."]},{"field":"q","messages":["Bad", "query."]}]}',
    );
    assert.deepEqual(body, {
      isJson: true,
      message: 'A validation error occurred.',
      errors: [
        { field: 'size', messages: ['Page size cannot be greater than 25.'] },
        { field: 'q', messages: ['Bad', 'query.'] },
      ],
    });
    assert.equal(formatServerErrors(body.errors), 'size: Page size cannot be greater than 25.; q: Bad query.');
  });

  it('flattens nested marshmallow messages and keeps errors without a field', () => {
    const body = readErrorBody('{"message":"x","errors":[{"field":"metadata","messages":{"title":["Missing data."]}},{"messages":["General."]}]}');
    assert.equal(formatServerErrors(body.errors), 'metadata: title: Missing data.; General.');
  });

  it('says a body is not JSON (an HTML page) and has no message then', () => {
    assert.deepEqual(readErrorBody('<!doctype html><title>404 Not Found</title>'), { isJson: false, errors: [] });
    assert.deepEqual(readErrorBody('{"status":404,"message":"The persistent identifier does not exist."}'), {
      isJson: true,
      message: 'The persistent identifier does not exist.',
      errors: [],
    });
  });
});
