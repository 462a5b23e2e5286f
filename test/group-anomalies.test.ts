import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Anomaly } from '../src/history/build-timeline.js';
import { groupAnomalies } from '../src/history/group-anomalies.js';
import { reportText } from '../src/report/report-text.js';

const partial = (day: string, missing: number): Anomaly => ({ kind: 'partial', day, missing, source: `import:${day}.csv` });
const frozen = (from: string, to: string): Anomaly => ({ kind: 'frozen', metric: 'downloads', from, to, unchangedShare: 0.97, viewsChangedShare: 0.6 });
const fallen = (day: string, units: number): Anomaly => ({
  kind: 'fallen', day, source: 'api', units, of: 150, counts: { downloads: units, uniqueDownloads: 0, views: 0, uniqueViews: 0 }, examples: [],
});

describe('groupAnomalies', () => {
  it('groups by kind in a fixed order (fallen, frozen, partial, incomplete), with positions and the range of records', () => {
    const anomalies = [partial('2025-03-25', 160), frozen('2026-02-17', '2026-02-24'), partial('2025-04-01', 1), fallen('2026-11-26', 147), partial('2025-05-06', 215)];
    assert.deepEqual(groupAnomalies(anomalies), [
      { kind: 'fallen', indices: [3], min: 147, max: 147 },
      { kind: 'frozen', indices: [1], min: 0, max: 0 },
      { kind: 'partial', indices: [0, 2, 4], min: 1, max: 215 },
    ]);
    assert.deepEqual(groupAnomalies([]), []);
  });

  it('keeps incomplete snapshots too, last', () => {
    const incomplete: Anomaly = { kind: 'incomplete', day: '2026-01-06', source: 'api' };
    assert.deepEqual(groupAnomalies([incomplete, partial('2025-03-25', 3), incomplete]), [
      { kind: 'partial', indices: [1], min: 3, max: 3 },
      { kind: 'incomplete', indices: [0, 2], min: 0, max: 0 },
    ]);
  });

  it('reads as one line per kind, in English and German', () => {
    const [group] = groupAnomalies([partial('2025-03-25', 160), partial('2025-04-01', 1)]);
    assert.ok(group);
    assert.equal(reportText.en.qualityGroup(group), '2 partial snapshots, 1–160 records missing each (their gains are spread over the surrounding stretch)');
    assert.match(reportText.de.qualityGroup(group), /^2 unvollständige Momentaufnahmen, in jeder fehlen 1–160 Einträge/);
    const [one] = groupAnomalies([fallen('2026-11-26', 1), fallen('2026-11-27', 1)]);
    assert.ok(one);
    assert.match(reportText.en.qualityGroup(one), /^2 snapshots in which counters fell, 1 record each: not counted/);
  });
});
