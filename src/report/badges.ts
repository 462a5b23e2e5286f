import type { HistoryRow } from '../history/period-history.js';
import { escapeHtml } from './escape-html.js';

/** One badge of a report: a file name (without extension), its label and its value. */
export interface Badge {
  id: string;
  label: string;
  message: string;
}

/** The blue of shields.io's `informational` colour, for every badge: a count is neither good nor bad. */
export const badgeColor = '#007ec6';

/**
 * The report's badges (issue 14): total downloads, downloads in the last full calendar month, records. `month`
 * is the collection's history by month (`periodHistory(…, { period: 'month' })`), whatever the report's period,
 * so the badge means the same in every report; without a full month yet, that badge is left out.
 *
 * @example
 * reportBadges({ records: 477, downloads: 58006 }, periodHistory(timeline, { period: 'month' }));
 */
export function reportBadges(
  totals: { records: number; downloads: number },
  month: readonly HistoryRow[],
  several?: { prefix: string; collection: string },
): Badge[] {
  const lastFull = month.findLast((row) => row.coverage === 'full');
  // In a report on several collections each badge names its collection, or three "downloads" would look alike.
  const id = (name: string) => `${several?.prefix ?? ''}${name}`;
  const label = (name: string) => (several ? `${several.collection} ${name}` : name);
  return [
    { id: id('downloads'), label: label('downloads'), message: groupDigits(totals.downloads) },
    ...(lastFull ? [{ id: id('downloads-last-month'), label: label(`downloads ${lastFull.period}`), message: groupDigits(lastFull.downloads) }] : []),
    { id: id('records'), label: label('records'), message: groupDigits(totals.records) },
  ];
}

/** `58006` → `58,006` (the badges are in English, like shields.io's). */
function groupDigits(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+$)/g, ',');
}

/**
 * A badge as a shields.io endpoint (https://shields.io/badges/endpoint-badge): `{"schemaVersion":1,…}`, so a
 * README can show the live figure through `https://img.shields.io/endpoint?url=<where this file is published>`.
 */
export function badgeEndpointJson(badge: Badge): string {
  return `${JSON.stringify({ schemaVersion: 1, label: badge.label, message: badge.message, color: badgeColor })}\n`;
}

/**
 * A badge as a standalone SVG drawn like shields.io's "flat" style: a grey label and a coloured value, 20 px
 * high, Verdana 11 px with a 1 px shadow, rounded corners. Text widths are estimated from Verdana's advance
 * widths (no font is loaded), so the same figures always give the same bytes.
 */
export function renderBadgeSvg(badge: Badge): string {
  const labelWidth = Math.round(textWidth(badge.label) + 10);
  const messageWidth = Math.round(textWidth(badge.message) + 10);
  const width = labelWidth + messageWidth;
  const label = escapeHtml(badge.label);
  const message = escapeHtml(badge.message);
  const text = (x: number, value: string) =>
    `<text x="${x}" y="15" fill="#010101" fill-opacity=".3">${value}</text><text x="${x}" y="14">${value}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${label}: ${message}">`,
    `<title>${label}: ${message}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${labelWidth}" height="20" fill="#555"/><rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${badgeColor}"/><rect width="${width}" height="20" fill="url(#s)"/></g>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">${text(labelWidth / 2, label)}${text(labelWidth + messageWidth / 2, message)}</g>`,
    '</svg>',
    '',
  ].join('\n');
}

/** Verdana 11 px advance widths, in px, of the characters badges use; others count as an average letter. */
const widths: Record<string, number> = { ' ': 3.9, ',': 4.4, '.': 4.4, '-': 4.9, '0': 7, i: 3.1, l: 3.1, j: 3.4, f: 3.9, t: 4.3, r: 4.7, m: 10.7, w: 9, M: 9.8, W: 11.2 };

function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += widths[ch] ?? (/\d/.test(ch) ? 7 : /[A-Z]/.test(ch) ? 7.5 : 6.6);
  return width;
}
