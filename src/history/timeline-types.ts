/** What a timeline is: the units, their stretches and rows, the anomalies (built by `build-timeline.ts`). */
import type { SnapshotInfo } from '../snapshot/snapshot.js';

/**
 * How community totals avoid double counting versions (zenodo-api.md §6):
 * - `all-versions-per-concept`: every record carries its concept id (API snapshots), so the all-version counters
 *   are taken once per concept;
 * - `version-counters`: concept ids are unknown (imported CSVs list several versions of one concept, each with
 *   the same all-version figures), so totals are built from the `version_*` counters, which never overlap.
 */
export type CountingRule = 'all-versions-per-concept' | 'version-counters';

export const metrics = ['downloads', 'uniqueDownloads', 'views', 'uniqueViews'] as const;
export type Metric = (typeof metrics)[number];
/** One number per metric, in the order of {@link metrics}. */
export type Values = [number, number, number, number];

/** A stretch between two observations of one unit (record or concept), and what it gained there. */
export interface UnitInterval {
  from: number;
  to: number;
  gains: Values;
}

export interface Unit {
  /** Concept id (rule `all-versions-per-concept`) or record id (rule `version-counters`). */
  key: string;
  /** The record id seen last for this unit (the latest version, for a concept). */
  recordId: string;
  /** First and last snapshot index where the unit appears at all (with or without statistics). */
  firstPresent: number;
  lastPresent: number;
  /** Snapshots in which its figures were observed. */
  observations: number;
}

/** One snapshot's units: keys, the record each stands for, the four values (`NaN` where missing), and for each
 * position the unit's index in {@link Timeline.unitList}. */
export interface UnitRows {
  keys: readonly string[];
  recordIds: readonly string[];
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
  d: Float64Array;
  unit: Int32Array;
}

/** One record whose counter fell: the last good figure and the lower one seen instead. */
export interface FallenExample {
  recordId: string;
  metric: Metric;
  last: number;
  value: number;
}

export type Anomaly =
  /**
   * Counters below their last good figure at one snapshot: a Zenodo statistics outage indexes zeros
   * (zenodo-api.md §8b), and a counter never really falls. `units` of the `of` units observed again there had at
   * least one such counter; `counts` says how many per counter; `examples` names the first few.
   */
  | { kind: 'fallen'; day: string; source: string; units: number; of: number; counts: Record<Metric, number>; examples: FallenExample[] }
  | { kind: 'frozen'; metric: 'downloads'; from: string; to: string; unchangedShare: number; viewsChangedShare: number }
  | { kind: 'partial'; day: string; missing: number; source: string }
  | { kind: 'incomplete'; day: string; source: string };

export interface Timeline {
  rule: CountingRule;
  snapshots: SnapshotInfo[];
  /** `takenAt` of each snapshot in ms. */
  times: number[];
  units: Map<string, Unit>;
  /** The same units in order of first appearance (index = the unit numbers of {@link UnitRows.unit}). */
  unitList: Unit[];
  /** Each snapshot's units and values, in snapshot order (for per-record figures such as top lists). */
  rows: UnitRows[];
  /** Gains per pair of snapshot indices `from:to` between which some unit was observed (summed over units). */
  intervals: Map<string, UnitInterval>;
  /** Carried-forward totals at each snapshot: a unit counts from its first to its last observation. */
  totals: Values[];
  /** Units (records, or concepts) present at each snapshot, stats or not, from first to last appearance. */
  unitCounts: number[];
  /** Units first seen at each snapshot (0 for the first snapshot, which is the baseline). */
  newUnits: number[];
  anomalies: Anomaly[];
}
