/**
 * Issue 14, start-up: every command must not pay for every dependency. These tests read the built modules'
 * static imports (what Node loads before the first line runs) and hold each command to what it needs; the
 * timings themselves are in `npm run bench -- startup` and bench/RESULTS.md.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

/** The packages a built module loads statically, itself and through its relative imports. */
function staticPackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    // tsc's output keeps one import or re-export per statement; `import type` is erased already.
    for (const [, specifier = ''] of source.matchAll(/^(?:import|export)\s(?:[^;]*?\sfrom\s)?'([^']+)';/gms)) {
      if (specifier.startsWith('.')) walk(path.resolve(path.dirname(file), specifier));
      else packages.add(specifier.replace(/^(@[^/]+\/[^/]+|[^/]+).*$/, '$1'));
    }
  };
  walk(path.join(dist, entry));
  return packages;
}

const heavy = ['@observablehq/plot', 'linkedom', 'pg', 'node-sqlite3-wasm', 'zod', 'hyparquet-writer', 'p-queue'];

describe('start-up: what each entry point loads', () => {
  it('the CLI entry (--help, --version) loads none of the heavy dependencies', () => {
    const loaded = staticPackages('cli.js');
    assert.ok(loaded.has('commander'), 'the walk sees the entry point\'s own imports');
    // csv-stringify too: the list of formats for --help lives apart from the renderers (output-formats.ts).
    for (const name of [...heavy, 'csv-stringify']) assert.ok(!loaded.has(name), `${name} is loaded by cli.js`);
  });

  it('summarize loads neither the report\'s chart stack, pg, SQLite nor zod before it needs them', () => {
    const loaded = staticPackages('commands/summarize.js');
    assert.ok(loaded.has('p-queue'), 'the walk reaches the client');
    // zod only for a response the quick shape checks are unsure of (src/records/shape-checks.ts); the output's
    // renderers (csv-stringify) while the listing runs (commands/summarize-outputs.ts).
    for (const name of ['@observablehq/plot', 'linkedom', 'pg', 'node-sqlite3-wasm', 'hyparquet-writer', 'zod', 'csv-stringify']) assert.ok(!loaded.has(name), `${name} is loaded by summarize`);
  });

  it('history and top load no chart stack and no network code', () => {
    for (const entry of ['commands/history.js', 'commands/top.js']) {
      const loaded = staticPackages(entry);
      for (const name of ['@observablehq/plot', 'linkedom', 'pg', 'p-queue', 'zod']) assert.ok(!loaded.has(name), `${name} is loaded by ${entry}`);
    }
  });

  it('the report loads its chart stack', () => {
    const loaded = staticPackages('commands/report.js');
    assert.ok(loaded.has('@observablehq/plot') && loaded.has('linkedom'));
  });
});
