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

/**
 * The collection a `--query` search is kept under without `--as`: the query's letters, digits, `.`, `_` and `-`,
 * other runs as `-`, lower case, at most 60 characters (`keywords:"Bio Image"` → `keywords-bio-image`).
 */
export function defaultQueryName(query: string): string {
  const name = query.toLowerCase().replace(/[^\w.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return name === '' ? 'query' : name;
}
