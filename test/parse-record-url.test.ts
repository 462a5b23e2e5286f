import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRecordUrl } from '../src/import/parse-record-url.js';

describe('parseRecordUrl', () => {
  it('reads record pages in every spelling', () => {
    const cases: [string, string][] = [
      ['https://zenodo.org/records/4071471', '4071471'],
      ['https://zenodo.org/record/4071471', '4071471'],
      ['https://zenodo.org/records/4071471/', '4071471'],
      ['https://zenodo.org/records/4071471?preview=1&token=x', '4071471'],
      ['https://zenodo.org/records/4071471#files', '4071471'],
      ['http://zenodo.org/records/4071471', '4071471'],
      ['https://www.zenodo.org/records/4071471', '4071471'],
      ['https://ZENODO.org/records/4071471', '4071471'],
      ['https://sandbox.zenodo.org/records/123', '123'],
      ['https://zenodo.org/records/4071471/files/slides.pdf?download=1', '4071471'],
      ['https://zenodo.org/api/records/4071471', '4071471'],
      ['zenodo.org/records/4071471', '4071471'],
      ['  https://zenodo.org/records/4071471  ', '4071471'],
      ['https://zenodo.org/records/004071471', '4071471'],
    ];
    for (const [url, recordId] of cases) {
      assert.deepEqual(parseRecordUrl(url), { kind: 'record', recordId }, url);
    }
  });

  it('reads the URL forms of the real weekly files (data README)', () => {
    assert.deepEqual(parseRecordUrl('https://zenodo.org/records/1175282#.WyP61xy-l5E'), {
      kind: 'record',
      recordId: '1175282',
    });
    for (const id of ['3490058', '4071471', '6602101', '7018929']) {
      assert.deepEqual(parseRecordUrl(`https://zenodo.org/record/${id}`), { kind: 'record', recordId: id });
    }
  });

  it('reads Zenodo DOIs as a DOI whose number the importer interprets', () => {
    const cases = [
      'https://doi.org/10.5281/zenodo.4071471',
      'http://dx.doi.org/10.5281/zenodo.4071471',
      'https://doi.org/10.5281/ZENODO.4071471',
      'https://doi.org/10.5281%2Fzenodo.4071471',
      'https://doi.org/10.5281/zenodo.4071471/',
      'doi:10.5281/zenodo.4071471',
      'DOI: 10.5281/zenodo.4071471',
      '10.5281/zenodo.4071471',
    ];
    for (const url of cases) assert.deepEqual(parseRecordUrl(url), { kind: 'doi', id: '4071471' }, url);
    assert.deepEqual(parseRecordUrl('10.5072/zenodo.99'), { kind: 'doi', id: '99' });
  });

  it('reads the concept-DOI landing form', () => {
    assert.deepEqual(parseRecordUrl('https://zenodo.org/doi/10.5281/zenodo.10008464'), {
      kind: 'concept-doi',
      conceptId: '10008464',
    });
    assert.deepEqual(parseRecordUrl('https://www.zenodo.org/doi/10.5281/zenodo.10008464/'), {
      kind: 'concept-doi',
      conceptId: '10008464',
    });
  });

  it('gives a reason for everything that is not a Zenodo record', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['   ', /empty/],
      ['https://zenodo.org/communities/nfdi4bioimage', /community/],
      ['https://zenodo.org/communities/nfdi4bioimage/records?q=&l=list', /community/],
      ['https://zenodo.org/', /not a record page/],
      ['https://zenodo.org/records/', /not a record page/],
      ['https://zenodo.org/records/abc', /not a record id: abc/],
      ['https://zenodo.org/records/0', /not a record id/],
      ['https://github.com/NFDI4BIOIMAGE/training', /not a Zenodo URL \(github\.com\)/],
      ['https://blog.example.org/zenodo-records-1234', /not a Zenodo URL/],
      ['https://doi.org/10.5555/12345', /not a Zenodo DOI: 10\.5555\/12345/],
      ['10.1234/abc', /not a Zenodo DOI/],
      ['https://zenodo.org/doi/10.1234/xyz', /not a Zenodo DOI/],
      ['ftp://zenodo.org/records/1', /not a web URL/],
      ['not a url at all', /not a URL|not a Zenodo URL/],
    ];
    for (const [url, reason] of cases) {
      const key = parseRecordUrl(url);
      assert.equal(key.kind, 'unkeyable', url);
      assert.match(key.kind === 'unkeyable' ? key.reason : '', reason, url);
    }
  });
});
