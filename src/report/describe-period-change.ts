import { formatChange, formatShare } from './format-figures.js';
import { reportText } from './report-text.js';
import type { ReportLang } from './report-data.js';

/**
 * How a period's figure compares with the period before (issue 13, "honest periods"): by total when both periods
 * are covered in full, else by daily rate — a full month against a partial one read +8.4 % where the daily rate
 * had not changed — saying so. `undefined` when there is nothing to compare.
 */
export function describePeriodChange(
  current: { coverage: 'full' | 'partial'; days: number; downloads: number; views: number },
  previous: { label: string; coverage: 'full' | 'partial'; days: number; downloads: number; views: number } | null,
  key: 'downloads' | 'views',
  lang: ReportLang,
): string | undefined {
  if (!previous) return undefined;
  const t = reportText[lang];
  if (current.coverage === 'full' && previous.coverage === 'full') return `${formatChange(current[key], previous[key], lang)} ${t.changeAgainst(previous.label)}`;
  if (current.days <= 0 || previous.days <= 0) return undefined;
  const now = current[key] / current.days;
  const before = previous[key] / previous.days;
  if (before <= 0) return undefined;
  const diff = now - before;
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '±';
  return `${sign}${formatShare(Math.abs(diff) / before, lang)} ${t.changePerDayAgainst(previous.label, previous.coverage === 'partial' ? previous.days : current.days)}`;
}
