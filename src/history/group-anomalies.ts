import type { Anomaly } from './build-timeline.js';

/** The anomalies of one kind, for a data-quality line a person can read ("29 partial snapshots, 1–215 missing"). */
export interface AnomalyGroup {
  kind: Anomaly['kind'];
  /** Positions of this kind's anomalies in the list given, in its order. */
  indices: number[];
  /** Fewest and most records concerned by one of them: missing (partial), fallen (fallen); 0 for the others. */
  min: number;
  max: number;
}

/** Kinds in the order a reader needs them: what changes numbers most first. */
const order: readonly Anomaly['kind'][] = ['fallen', 'frozen', 'partial', 'incomplete'];

/**
 * Anomalies grouped by kind (issue 13, "data quality people can read"), kinds in a fixed order, each with the
 * range of records its anomalies concern; the report folds each group's details away, `history` prints one line
 * per group.
 *
 * @example
 * ```ts
 * groupAnomalies(timeline.anomalies); // [{ kind: 'partial', indices: [0, 2, …], min: 1, max: 215 }, …]
 * ```
 */
export function groupAnomalies(anomalies: readonly Anomaly[]): AnomalyGroup[] {
  const groups = new Map<Anomaly['kind'], AnomalyGroup>();
  anomalies.forEach((a, i) => {
    const size = a.kind === 'partial' ? a.missing : a.kind === 'fallen' ? a.units : 0;
    const group = groups.get(a.kind);
    if (group === undefined) groups.set(a.kind, { kind: a.kind, indices: [i], min: size, max: size });
    else {
      group.indices.push(i);
      group.min = Math.min(group.min, size);
      group.max = Math.max(group.max, size);
    }
  });
  return order.flatMap((kind) => groups.get(kind) ?? []);
}
