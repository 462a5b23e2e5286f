import type { ReportLang } from './report-data.js';

/** Numbers per locale: 47,122 in English, 47.122 in German. */
export function formatNumber(value: number, lang: ReportLang): string {
  const digits = Number.isInteger(value) ? 0 : 1;
  return new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

/** A share as a percentage with one decimal: 12.3 % / 12,3 %. */
export function formatShare(share: number, lang: ReportLang): string {
  return `${new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share * 100)} %`;
}

/** A signed change with its percentage: +1,234 (+12.3 %). */
export function formatChange(current: number, previous: number, lang: ReportLang): string {
  const diff = current - previous;
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '±';
  const pct = previous > 0 ? ` (${sign}${formatShare(Math.abs(diff) / previous, lang)})` : '';
  return `${sign}${formatNumber(Math.abs(diff), lang)}${pct}`;
}
