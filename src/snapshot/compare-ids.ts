/**
 * Plain code-unit order: the same in every store and locale (`ORDER BY … COLLATE "C"` in PostgreSQL). The order
 * in which stores return records, and in which they require a streamed `NewSnapshot.records` or
 * `NewSnapshot.metadata` to come.
 *
 * @example
 * ['300', '1000', '20'].sort(compareIds); // ['1000', '20', '300']
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `null` when `ids` are already in `compareIds` order (the usual case, found in one pass); else the indices that
 * sort them.
 *
 * @example
 * codeUnitOrder(['1000', '20']); // null
 * codeUnitOrder(['300', '1000', '20']); // [1, 2, 0]
 */
export function codeUnitOrder(ids: readonly string[]): number[] | null {
  for (let i = 1; i < ids.length; i++) {
    if (compareIds(ids[i - 1] ?? '', ids[i] ?? '') > 0) {
      return ids.map((_, index) => index).sort((a, b) => compareIds(ids[a] ?? '', ids[b] ?? ''));
    }
  }
  return null;
}

/**
 * The problem to report when a streamed input (`what`: "records", "metadata") breaks the order stores require.
 *
 * @example
 * outOfOrderProblem('records', '3', '20');
 * // 'records must come in record-id order (…) unless given as an array: "20" came after "3"'
 */
export function outOfOrderProblem(what: string, previous: string, id: string): string {
  return (
    `${what} must come in record-id order (code-unit order, as compareIds sorts) unless given as an array: ` +
    `${JSON.stringify(id)} came after ${JSON.stringify(previous)}`
  );
}
