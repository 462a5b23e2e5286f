/**
 * Zenodo counts a download per file, so a record of 12 files looks 12 times as popular. Bytes downloaded ÷ the
 * record's total size estimates complete downloads (bioimage-io's download-count offsets do the same; a cancelled
 * download still counts in full, and versions of different sizes blur it). One decimal; `null` when either is
 * unknown or the record has no bytes to download.
 *
 * @example
 * estimateFullDownloads(3_000_000, 1_000_000); // 3
 */
export function estimateFullDownloads(volume: number | null, sizeBytes: number | null): number | null {
  if (volume === null || Number.isNaN(volume) || sizeBytes === null || !(sizeBytes > 0)) return null;
  return Math.round((volume / sizeBytes) * 10) / 10;
}
