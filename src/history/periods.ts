/** Calendar periods in UTC: ISO weeks (Monday to Sunday), months, quarters, years. */
export type PeriodKind = 'week' | 'month' | 'quarter' | 'year';

export const periodKinds: readonly PeriodKind[] = ['week', 'month', 'quarter', 'year'];

export interface Period {
  /** `2026-W32`, `2026-08`, `2026-Q3` or `2026`. */
  label: string;
  /** First instant of the period (ms since the epoch, UTC). */
  start: number;
  /** First instant after the period. */
  end: number;
}

const dayMs = 86_400_000;

/**
 * The period of `kind` that contains the instant `ms`.
 *
 * @example
 * periodContaining('month', Date.UTC(2026, 7, 11)).label; // '2026-08'
 */
export function periodContaining(kind: PeriodKind, ms: number): Period {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (kind) {
    case 'year':
      return { label: String(y), start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1) };
    case 'quarter': {
      const q = Math.floor(m / 3);
      return { label: `${y}-Q${q + 1}`, start: Date.UTC(y, q * 3, 1), end: Date.UTC(y, q * 3 + 3, 1) };
    }
    case 'month':
      return { label: `${y}-${pad(m + 1)}`, start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1) };
    case 'week': {
      const midnight = Date.UTC(y, m, d.getUTCDate());
      const weekday = (new Date(midnight).getUTCDay() + 6) % 7; // Monday = 0
      const start = midnight - weekday * dayMs;
      // ISO week-numbering year: the year of the week's Thursday.
      const thursday = new Date(start + 3 * dayMs);
      const isoYear = thursday.getUTCFullYear();
      const week = Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / (7 * dayMs)) + 1;
      return { label: `${isoYear}-W${pad(week)}`, start, end: start + 7 * dayMs };
    }
  }
}

/**
 * Every period of `kind` from the one containing `from` to the one containing `to`, in order. The last may
 * only touch `to` (a snapshot taken at midnight on the 1st opens its month): it still carries that snapshot's
 * totals.
 */
export function periodsBetween(kind: PeriodKind, from: number, to: number): Period[] {
  const periods: Period[] = [];
  for (let p = periodContaining(kind, from); p.start <= to; p = periodContaining(kind, p.end)) {
    periods.push(p);
  }
  return periods;
}

/** `YYYY-MM-DD` of an instant, UTC. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
