import path from 'node:path';

/**
 * The collection a `--records` list is kept under without `--as`: the file's base name without its extension
 * (`download_statistics/20260811.csv` → `20260811`), characters other than letters, digits, `.`, `_`, `-` as `_`.
 */
export function defaultListName(file: string): string {
  const base = path.basename(file);
  const ext = path.extname(base);
  return (ext.length > 0 && ext.length < base.length ? base.slice(0, -ext.length) : base).replace(/[^\w.-]+/g, '_');
}
