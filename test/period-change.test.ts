import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describePeriodChange } from '../src/report/describe-period-change.js';

const period = (label: string, coverage: 'full' | 'partial', days: number, downloads: number) => ({ label, coverage, days, downloads, views: 0 });

describe('describePeriodChange (issue 13, honest periods)', () => {
  it('compares two full periods by their totals', () => {
    assert.equal(describePeriodChange(period('2025-03', 'full', 31, 3100), period('2025-02', 'full', 28, 2800), 'downloads', 'en'), '+300 (+10.7 %) vs. 2025-02');
  });

  it('compares a full period with a partial one by daily rate, and says so: the same rate is no change', () => {
    // 3 100 in 31 days and 1 200 in the 12 days of February the snapshots cover: 100 a day both times. By totals
    // this read +1,900 (+158.3 %).
    assert.equal(
      describePeriodChange(period('2025-03', 'full', 31, 3100), period('2025-02', 'partial', 12, 1200), 'downloads', 'en'),
      '±0.0 % per day vs. 2025-02 (only 12 days of it in the snapshots)',
    );
    assert.equal(
      describePeriodChange(period('2025-03', 'full', 31, 3100), period('2025-02', 'partial', 10, 800), 'downloads', 'de'),
      '+25,0 % pro Tag ggü. 2025-02 (davon nur 10 Tage in den Momentaufnahmen)',
    );
  });

  it('says nothing when there is nothing fair to compare', () => {
    assert.equal(describePeriodChange(period('2025-03', 'full', 31, 3100), null, 'downloads', 'en'), undefined);
    assert.equal(describePeriodChange(period('2025-03', 'full', 31, 3100), period('2025-02', 'partial', 0, 0), 'downloads', 'en'), undefined);
  });
});
