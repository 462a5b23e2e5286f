import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryRow } from '../src/history/period-history.js';
import { badgeEndpointJson, renderBadgeSvg, reportBadges } from '../src/report/badges.js';

/** A month of history with only what the badges read filled in. */
function month(period: string, downloads: number, coverage: 'full' | 'partial'): HistoryRow {
  return { period, downloads, coverage } as HistoryRow;
}

describe('report badges', () => {
  it('shows total downloads, the last full month (not a partial one after it) and records', () => {
    const badges = reportBadges({ records: 477, downloads: 58006 }, [month('2026-09', 900, 'full'), month('2026-10', 1234, 'full'), month('2026-11', 10, 'partial')]);
    assert.deepEqual(badges, [
      { id: 'downloads', label: 'downloads', message: '58,006' },
      { id: 'downloads-last-month', label: 'downloads 2026-10', message: '1,234' },
      { id: 'records', label: 'records', message: '477' },
    ]);
  });

  it('leaves the month badge out while no month is complete, and names the collection in a report on several', () => {
    const badges = reportBadges({ records: 3, downloads: 1000000 }, [month('2026-11', 10, 'partial')], { prefix: 'a-', collection: 'a' });
    assert.deepEqual(badges, [
      { id: 'a-downloads', label: 'a downloads', message: '1,000,000' },
      { id: 'a-records', label: 'a records', message: '3' },
    ]);
  });

  it('writes the shields.io endpoint schema', () => {
    assert.equal(badgeEndpointJson({ id: 'records', label: 'records', message: '477' }), '{"schemaVersion":1,"label":"records","message":"477","color":"#007ec6"}\n');
  });

  it('draws a flat two-part badge, wider for longer text, with the text escaped', () => {
    const short = renderBadgeSvg({ id: 'x', label: 'records', message: '7' });
    const long = renderBadgeSvg({ id: 'x', label: 'records', message: '7,000,000' });
    const width = (svg: string) => Number(/^<svg [^>]*width="(\d+)"/.exec(svg)?.[1]);
    assert.ok(width(long) > width(short) + 30, `${width(long)} vs ${width(short)}`);
    assert.match(short, /<rect width="\d+" height="20" fill="#555"\/><rect x="\d+" width="\d+" height="20" fill="#007ec6"\/>/);
    const hostile = renderBadgeSvg({ id: 'x', label: '<script>', message: 'a&b' });
    assert.doesNotMatch(hostile, /<script>/);
    assert.match(hostile, /&lt;script&gt;: a&amp;b/);
  });
});
