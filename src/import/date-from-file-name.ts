/** `YYYY-MM-DD` or `YYYYMMDD`, not part of a longer run of digits (a record id is not a date). */
const datePatterns = [/(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g, /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/g];

/**
 * The snapshot date a file name carries: `20250325.csv` (the NFDI4BIOIMAGE weekly files) or any name with one
 * `YYYY-MM-DD` or `YYYYMMDD` in it (`zenodo_x_downloads_2026-08-11.csv`). Directories in the path are ignored.
 * Only real calendar dates from 2000 to 2099 count; a name with two different dates is ambiguous.
 *
 * @example
 * ```ts
 * dateFromFileName('20250325.csv');                      // { date: '2025-03-25' }
 * dateFromFileName('zenodo_x_downloads_2026-08-11.csv'); // { date: '2026-08-11' }
 * dateFromFileName('downloads.csv');                     // { error: 'no date (YYYYMMDD or YYYY-MM-DD) in the file name' }
 * ```
 */
export function dateFromFileName(fileName: string): { date: string } | { error: string } {
  const baseName = fileName.split(/[/\\]/).pop() ?? fileName;
  const dates = new Set<string>();
  for (const pattern of datePatterns) {
    for (const match of baseName.matchAll(pattern)) {
      const date = calendarDate(match[1], match[2], match[3]);
      if (date !== null) dates.add(date);
    }
  }
  const [date, ...others] = [...dates];
  if (date === undefined) return { error: 'no date (YYYYMMDD or YYYY-MM-DD) in the file name' };
  if (others.length > 0) return { error: `more than one date in the file name (${[...dates].join(', ')})` };
  return { date };
}

function calendarDate(year?: string, month?: string, day?: string): string | null {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (!(y >= 2000 && y <= 2099)) return null;
  const utc = new Date(Date.UTC(y, m - 1, d));
  if (utc.getUTCMonth() !== m - 1 || utc.getUTCDate() !== d) return null;
  return utc.toISOString().slice(0, 10);
}
