/**
 * Issue 14, "a house a newcomer can read": the folders of src/ import one another in one direction only, so each
 * can be read knowing only those below it. Read from the sources' import statements (type imports included:
 * they tie the folders together just as much).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));

/** Folder → the other folders its files import from (files directly in src/, like errors.ts, are the base). */
function folderImports(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const folder = path.relative(src, file).split(path.sep)[0] ?? '';
    if (folder === entry.name) continue;
    const targets = graph.get(folder) ?? new Set<string>();
    graph.set(folder, targets);
    for (const [, specifier = ''] of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
      const target = path.relative(src, path.resolve(path.dirname(file), specifier)).split(path.sep);
      if (target.length > 1 && target[0] !== folder && target[0] !== '..') targets.add(target[0] ?? '');
    }
  }
  return graph;
}

describe('src/ folders', () => {
  it('import one another in one direction only: no cycle, of two folders or more', () => {
    const graph = folderImports();
    assert.ok((graph.get('commands')?.size ?? 0) > 3, 'the walk sees the folders\' imports');
    const cycles: string[] = [];
    const visit = (folder: string, trail: string[]) => {
      for (const next of graph.get(folder) ?? []) {
        if (next === trail[0]) cycles.push([...trail, next].join(' → '));
        else if (!trail.includes(next) && next > (trail[0] ?? '')) visit(next, [...trail, next]);
      }
    };
    for (const folder of graph.keys()) visit(folder, [folder]);
    assert.deepEqual(cycles, []);
  });

  it('match the table in docs/architecture.md, folder by folder', () => {
    const doc = readFileSync(fileURLToPath(new URL('../docs/architecture.md', import.meta.url)), 'utf8');
    const rows = [...doc.matchAll(/^\| `src\/([\w-]+)\/` \| [^|]+ \| ([^|]+) \|$/gm)].map((m) => [m[1] ?? '', (m[2] ?? '').trim()] as const);
    const graph = folderImports();
    assert.deepEqual(rows.map(([folder]) => folder).sort(), [...graph.keys()].sort(), 'every folder has its row');
    for (const [folder, said] of rows) {
      if (folder === 'commands' || folder === 'cli') continue; // "all of the above", in words
      const listed = said === '—' ? [] : said.split(', ').sort();
      assert.deepEqual([...(graph.get(folder) ?? [])].sort(), listed, folder);
    }
  });
});
