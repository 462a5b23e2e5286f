import type { ChartLang } from './chart-types.js';

/** Labels longer than this many characters are cut with `…` (and keep their full text as a tooltip). */
export const maxLabelChars = 40;

const locales: Readonly<Record<ChartLang, string>> = { en: 'en-GB', de: 'de-DE' };

/** BCP 47 locale of a chart language; `en-GB` gives 47,122 and "12 Aug", `de-DE` 47.122 and "12. Aug.". */
export function chartLocale(lang: ChartLang): string {
  return locales[lang];
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: ChartLang, fractionDigits: number): Intl.NumberFormat {
  const key = `${lang}:${fractionDigits}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(chartLocale(lang), {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    numberFormats.set(key, format);
  }
  return format;
}

/** `47122` → `47,122` (en) or `47.122` (de); a value that is not a finite number → `–`. */
export function formatNumber(value: number, lang: ChartLang, fractionDigits = 0): string {
  return Number.isFinite(value) ? numberFormat(lang, fractionDigits).format(value) : '–';
}

/** `0.1234` → `12.3 %` (en) or `12,3 %` (de). */
export function formatPercent(fraction: number, lang: ChartLang): string {
  return `${formatNumber(fraction * 100, lang, 1)} %`;
}

/**
 * Characters XML 1.0 does not allow (C0 controls other than tab and newline, U+FFFE, U+FFFF, lone surrogates),
 * bidi overrides and isolates that could reorder the rest of a label, and every other line break.
 */
const unsafeRun =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One line of text: unsafe characters dropped, whitespace runs (newlines too) collapsed to one space. */
export function cleanText(text: string): string {
  return text.replace(unsafeRun, '').replace(/\s+/g, ' ').trim();
}

/** Tooltip text: unsafe characters dropped, line breaks kept (browsers show them in native tooltips). */
export function cleanTooltip(text: string): string {
  return text
    .replace(unsafeRun, '')
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** Cuts `text` to at most `maxChars` characters (code points), the last being `…`. */
export function truncateText(text: string, maxChars = maxLabelChars): string {
  const chars = Array.from(text);
  return chars.length <= maxChars ? text : `${chars.slice(0, Math.max(0, maxChars - 1)).join('').trimEnd()}…`;
}

/**
 * Advance widths in em of DejaVu Sans (units per em 2048), the usual `system-ui` face on Linux and wider
 * than Segoe UI, San Francisco or Roboto. There is no font engine on the server, so labels are measured with
 * this table: estimating too narrow would let a label overlap its neighbour or be cut at the SVG's edge.
 */
const charWidths = new Map<string, number>();
for (const [chars, width] of [
  ["ijlI.,;:!|'", 0.3],
  [' ()[]{}/\\-ftJ', 0.4],
  ['r*"', 0.45],
  ['sczL', 0.56],
  ['abdeghknopquvxy0123456789#$+<=>?^_~FPTYkE', 0.64],
  ['ABCKRSVXZ', 0.72],
  ['DGHNOQUw&', 0.82],
  ['M', 0.87],
  ['mW%@…', 1],
] as const) {
  for (const char of chars) charWidths.set(char, width);
}

function charWidthEm(char: string): number {
  const known = charWidths.get(char);
  if (known !== undefined) return known;
  // CJK, Hangul and fullwidth forms take a full em; everything else (accented letters, Cyrillic, Greek…)
  // is counted like a wide Latin capital.
  if (/[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFF00-\uFF60\u{20000}-\u{3FFFD}]/u.test(char)) return 1;
  return 0.75;
}

/** Estimated width in pixels of `text` at `fontSize` (bold text is about 8 % wider). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const char of text) em += charWidthEm(char);
  return em * fontSize * (bold ? 1.08 : 1);
}

/** `text` cut to `maxChars` and then further until its estimated width is at most `maxWidth`. */
export function fitText(
  text: string,
  maxWidth: number,
  fontSize: number,
  options: { bold?: boolean; maxChars?: number } = {},
): string {
  const bold = options.bold ?? false;
  let chars = Math.min(Array.from(text).length, options.maxChars ?? maxLabelChars);
  let fitted = truncateText(text, chars);
  while (chars > 1 && textWidth(fitted, fontSize, bold) > maxWidth) {
    chars -= 1;
    fitted = truncateText(text, chars);
  }
  return fitted;
}

/**
 * `href` as a normalised absolute `http:` or `https:` URL, or `undefined` for anything else (relative
 * paths, `javascript:`, `data:`, unparsable text), so a record's link can never run script or leave the web.
 */
export function safeHref(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** `value` as a number to draw: anything not finite counts as 0 (its label still shows `–`). */
export function finiteOrZero(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
