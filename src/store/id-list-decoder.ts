/**
 * Splits the newline-joined ids of successive snapshots, as both stores load them (validation keeps line breaks
 * out of ids). Consecutive snapshots mostly hold the same records, so an unchanged list is returned as the same
 * array and every id string is kept once across the whole load: a two-year history then holds 10 000 id strings
 * instead of a million.
 *
 * @example
 * const ids = new IdListDecoder();
 * ids.split('1\n2', 2) === ids.split('1\n2', 2); // true
 */
export class IdListDecoder {
  #previousText: string | null = null;
  #previous: readonly string[] = [];
  readonly #known = new Map<string, string>();

  /** The ids in `text`, which holds `count` of them (none at all when `count` is 0). */
  split(text: string, count: number): readonly string[] {
    // Not remembered: an empty list is the same empty text as a list of one empty concept id (an unknown concept).
    if (count === 0) return [];
    if (text === this.#previousText) return this.#previous;
    const ids = text.split('\n');
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] ?? '';
      const known = this.#known.get(id);
      if (known === undefined) this.#known.set(id, id);
      else ids[i] = known;
    }
    this.#previousText = text;
    this.#previous = ids;
    return ids;
  }
}
