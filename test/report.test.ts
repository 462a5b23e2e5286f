import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { NewSnapshot, RecordMetadata } from '../src/snapshot/snapshot.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const weeklyDir = fileURLToPath(new URL('./fixtures/nfdi4bioimage-weekly/', import.meta.url));
const now = Date.UTC(2026, 10, 25, 12, 0, 0);

async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
      files.set(path.relative(dir, full), await readFile(full, 'utf8'));
    }
  }
  return files;
}

describe('report from the real NFDI4BIOIMAGE weekly data', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let db: string;
  const run = (args: string[]) => runCli(args, { cwd: dir, clock: createFakeClock(now) });

  before(async () => {
    ({ dir, remove } = await tempDir());
    db = path.join(dir, 'r.sqlite');
    const imported = await run(['import', weeklyDir, '--as', 'training', '--db', db, '-q']);
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(() => remove());

  it('renders every section, a chart file and a CSV per chart', async () => {
    const result = await run(['report', 'training', '--db', db, '--out', 'report']);
    assert.equal(result.code, 0, result.stderr);
    const html = await readFile(path.join(dir, 'report', 'index.html'), 'utf8');
    for (const id of ['headline', 'top', 'over-time', 'breakdowns', 'records', 'data-quality', 'how-counted']) {
      assert.match(html, new RegExp(`<section id="${id}"[ >]`), id);
    }
    const charts = (await readdir(path.join(dir, 'report', 'charts'))).sort();
    // Imported CSVs carry no types, years or keywords: the breakdowns are a sentence each, not a chart that is
    // 100 % "unknown" (issue 13, point 3).
    assert.deepEqual(charts, ['downloads-per-period.svg', 'downloads-views-over-time.svg', 'records-over-time.svg', 'top-all-time.svg', 'top-last-period.svg']);
    assert.equal((html.match(/<figure id="chart-/g) ?? []).length, 5);
    const breakdowns = /<section id="breakdowns">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    for (const heading of ['Downloads by resource type', 'Downloads by publication year', 'Top keywords']) {
      assert.match(breakdowns, new RegExp(`<h3 id="chart-[\\w-]+">${heading}</h3>\\n<p class="note">Not known for any of the \\d+ records: imported CSVs carry no metadata\\.`), heading);
    }
    assert.doesNotMatch(html + (await readFile(path.join(dir, 'report', 'README.md'), 'utf8')), /unknown/i);
    const data = (await readdir(path.join(dir, 'report', 'data'))).sort();
    for (const chart of charts) assert.ok(data.includes(chart.replace('.svg', '.csv')), chart);
    const md = await readFile(path.join(dir, 'report', 'README.md'), 'utf8');
    for (const chart of charts) assert.ok(md.includes(`](charts/${chart})`), chart);
    assert.match(md, /\[CSV\]\(data\/top-all-time\.csv\)/);
    // README.md's tables write numbers as its headline does (the CSV beside keeps them plain for a spreadsheet).
    const [, first = ''] = (await readFile(path.join(dir, 'report', 'data', 'top-all-time.csv'), 'utf8')).trimEnd().split(/\r?\n/);
    const [rank, downloads, views, id] = first.split(',');
    assert.ok(Number(downloads) >= 1000, first);
    assert.ok(md.includes(`| ${rank} | ${Number(downloads).toLocaleString('en-US')} | ${Number(views).toLocaleString('en-US')} | ${id} |`), first);
    // Every table of README.md links its CSV, and every linked CSV exists.
    for (const [, file] of md.matchAll(/\[CSV\]\(data\/([\w-]+\.csv)\)/g)) assert.ok(data.includes(file ?? ''), file);
    // …but the list of every record, which README.md only links (a table of hundreds of rows reads as noise).
    assert.equal((md.match(/^\| --- \|/gm) ?? []).length + (md.match(/^\| ---: \|/gm) ?? []).length + 1, (md.match(/\[CSV\]\(data\//g) ?? []).length);
    assert.match(md, /^\d+ records with their titles, types, years, DOIs and figures: \[CSV\]\(data\/records\.csv\)$/m);
    assert.match(html, /downloads frozen 2026-02-17 → 2026-02-24/);
    assert.match(html, /partial snapshot 2025-03-25/);
    // Grouped by kind, the details folded away (issue 13): a handful of lines, not 34 bullet points.
    const quality = /<section id="data-quality">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    const topLevel = quality.replace(/<details>[\s\S]*?<\/details>/g, '');
    assert.ok((topLevel.match(/<li>/g) ?? []).length <= 6, topLevel);
    assert.match(topLevel, /<li>\d+ partial snapshots, 1–\d+ records missing each/);
    assert.match(quality, /<details><summary>Details<\/summary><ul><li>partial snapshot /);
    assert.match(md, /^<details><summary>Details<\/summary>$/m);
    // The report's own scripts (the dashboard's, and one line in <head> that marks the page as enhanced), each
    // allowed by its hash alone, and its data block (never run).
    assert.equal((html.match(/<script>/gi) ?? []).length, 2);
    assert.equal((html.match(/<script type="application\/json" id="dashboard-data">/gi) ?? []).length, 1);
    assert.equal((html.match(/<script/gi) ?? []).length, 3);
    assert.match(html, /content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-[\w+/=]+' 'sha256-[\w+/=]+'"/);
    assert.doesNotMatch(html, /(src|href)="(?!https:\/\/zenodo\.org\/records?\/)[^"#]/);
  });

  it('shows the same headline numbers as history and top for the same period', async () => {
    const result = await run(['report', 'training', '--db', db, '--out', 'report-month', '--period', 'month']);
    assert.equal(result.code, 0, result.stderr);
    const history = JSON.parse((await run(['history', 'training', '--db', db, '--period', 'month', '--format', 'json', '-q'])).stdout) as Record<string, number | string>[];
    const lastFull = history.filter((r) => r.coverage === 'full').at(-1);
    assert.ok(lastFull);
    const previous = history[history.indexOf(lastFull) - 1];
    assert.ok(previous);
    const html = await readFile(path.join(dir, 'report-month', 'index.html'), 'utf8');
    const n = (v: unknown) => Number(v).toLocaleString('en-US');
    const headline = /<section id="headline"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    assert.match(headline, new RegExp(`<div class="value">${n(history.at(-1)?.total_downloads)}</div><div class="label">Downloads, all time`));
    assert.match(headline, new RegExp(`<div class="value">${n(lastFull.downloads)}</div><div class="label">Downloads in ${lastFull.period}</div>`));
    assert.match(headline, new RegExp(`<div class="value">${n(lastFull.views)}</div><div class="label">Views in ${lastFull.period}</div>`));
    const diff = Number(lastFull.downloads) - Number(previous.downloads);
    assert.match(headline, new RegExp(`${diff >= 0 ? '\\+' : '−'}${n(Math.abs(diff))} \\(`));
    assert.match(headline, new RegExp(`<div class="value">${n(history.at(-1)?.records)}</div><div class="label">Records`));

    const top = JSON.parse((await run(['top', 'training', '--db', db, '--period', String(lastFull.period), '-n', '10', '--format', 'json', '-q'])).stdout) as { id: string; downloads: number }[];
    const csv = await readFile(path.join(dir, 'report-month', 'data', 'top-last-period.csv'), 'utf8');
    const rows = csv.trim().split('\r\n').slice(1).map((line) => line.split(','));
    assert.deepEqual(rows.map((r) => [r[3], Number(r[1])]), top.map((r) => [r.id, r.downloads]));
  });

  it('is deterministic: the same data gives byte-identical files', async () => {
    await run(['report', 'training', '--db', db, '--out', 'a']);
    await run(['report', 'training', '--db', db, '--out', 'b']);
    const a = await readTree(path.join(dir, 'a'));
    const b = await readTree(path.join(dir, 'b'));
    assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
    for (const [file, text] of a) assert.equal(b.get(file), text, file);
  });

  it('writes badges (SVG and shields.io endpoint JSON) and shows them in README.md', async () => {
    const result = await run(['report', 'training', '--db', db, '--out', 'badged', '--period', 'week']);
    assert.equal(result.code, 0, result.stderr);
    const badges = (await readdir(path.join(dir, 'badged', 'badges'))).sort();
    assert.deepEqual(badges, ['downloads-last-month.json', 'downloads-last-month.svg', 'downloads.json', 'downloads.svg', 'records.json', 'records.svg']);
    const history = JSON.parse((await run(['history', 'training', '--db', db, '--period', 'month', '--format', 'json', '-q'])).stdout) as Record<string, number | string>[];
    const lastFull = history.filter((r) => r.coverage === 'full').at(-1);
    assert.ok(lastFull);
    const json = (name: string) => readFile(path.join(dir, 'badged', 'badges', `${name}.json`), 'utf8').then((t) => JSON.parse(t) as unknown);
    // 357 275 downloads: the same all-time figure the German test reads off the headline.
    assert.deepEqual(await json('downloads'), { schemaVersion: 1, label: 'downloads', message: '357,275', color: '#007ec6' });
    assert.deepEqual(await json('downloads-last-month'), {
      schemaVersion: 1,
      label: `downloads ${lastFull.period}`,
      message: Number(lastFull.downloads).toLocaleString('en-US'),
      color: '#007ec6',
    });
    const svg = await readFile(path.join(dir, 'badged', 'badges', 'downloads.svg'), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="20" role="img" aria-label="downloads: 357,275">/);
    assert.equal((svg.match(/>357,275<\/text>/g) ?? []).length, 2, 'the value and its shadow');
    const md = await readFile(path.join(dir, 'badged', 'README.md'), 'utf8');
    assert.match(md.split('\n')[2] ?? '', /^\[!\[downloads: 357,275\]\(badges\/downloads\.svg\)\]\(badges\/downloads\.json\) /);
  });

  it('speaks German with --lang de, numbers included', async () => {
    const result = await run(['report', 'training', '--db', db, '--out', 'de', '--lang', 'de']);
    assert.equal(result.code, 0, result.stderr);
    const html = await readFile(path.join(dir, 'de', 'index.html'), 'utf8');
    assert.match(html, /<html lang="de">/);
    assert.match(html, /<h2>Kennzahlen<\/h2>/);
    assert.match(html, /Wie diese Zahlen gezählt werden/);
    assert.match(html, /<div class="value">357\.275<\/div>/);
    // The top list's table in README.md, record 1214456's 95 359 downloads and 92 065 views, German style.
    assert.match(await readFile(path.join(dir, 'de', 'README.md'), 'utf8'), /^\| 1 \| 95\.359 \| 92\.065 \| 1214456 \|/m);
  });
});

describe('report safety and edge cases', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let db: string;
  const run = (args: string[]) => runCli(args, { cwd: dir, clock: createFakeClock(now) });
  const hostile: RecordMetadata[] = [
    { recordId: '1', conceptId: 'c1', doi: null, conceptDoi: null, title: '<script>alert(1)</script>', resourceType: '<b>dataset</b>', publicationDate: '2025-01-01', version: null, url: 'https://zenodo.org/records/1', communities: ['c'], creators: [], keywords: ['<img src=x onerror=alert(1)>'], created: null, goneAt: null },
    { recordId: '2', conceptId: 'c2', doi: null, conceptDoi: null, title: '](javascript:alert(1))', resourceType: 'software', publicationDate: '2024', version: null, url: 'javascript:alert(1)', communities: ['c'], creators: [], keywords: [], created: null, goneAt: null },
    { recordId: '3', conceptId: 'c3', doi: null, conceptDoi: null, title: 'Elsewhere', resourceType: 'software', publicationDate: '2024', version: null, url: 'https://evil.example/records/3', communities: ['c'], creators: [], keywords: [], created: null, goneAt: null },
  ];
  const snapshot = (day: string, k: number): NewSnapshot => ({
    collection: 'c',
    baseUrl: 'https://zenodo.org',
    takenAt: `${day}T10:00:00.000Z`,
    source: 'api',
    complete: true,
    records: hostile.map((m, i) => ({
      recordId: m.recordId, conceptId: m.conceptId, volume: null,
      downloads: 100 * (i + 1) + k * 10, uniqueDownloads: 50, views: 200 + k, uniqueViews: 100,
      versionDownloads: 10, versionUniqueDownloads: 5, versionViews: 20, versionUniqueViews: 10,
    })),
    metadata: hostile,
  });

  before(async () => {
    ({ dir, remove } = await tempDir());
    db = path.join(dir, 'x.sqlite');
    const store = await openSqliteStore(db);
    try {
      await store.saveSnapshot(snapshot('2026-10-01', 0));
    } finally {
      await store.close();
    }
  });
  after(() => remove());

  it('with a single snapshot, says history starts today instead of drawing time charts', async () => {
    const result = await run(['report', 'c', '--db', db, '--out', 'one']);
    assert.equal(result.code, 0, result.stderr);
    const html = await readFile(path.join(dir, 'one', 'index.html'), 'utf8');
    assert.match(html, /History starts with the snapshot of 2026-10-01/);
    assert.equal((html.match(/<figure id="chart-/g) ?? []).length, 4);
  });

  it('shows hostile titles and keywords as text, and links only to record pages of the site', async () => {
    const store = await openSqliteStore(db);
    try {
      await store.saveSnapshot(snapshot('2026-11-02', 5));
    } finally {
      await store.close();
    }
    const result = await run(['report', 'c', '--db', db, '--out', 'x']);
    assert.equal(result.code, 0, result.stderr);
    const html = await readFile(path.join(dir, 'x', 'index.html'), 'utf8');
    const md = await readFile(path.join(dir, 'x', 'README.md'), 'utf8');
    const svgs = await Promise.all((await readdir(path.join(dir, 'x', 'charts'))).map((f) => readFile(path.join(dir, 'x', 'charts', f), 'utf8')));
    // The page's scripts are its own (the dashboard's), beside its data block; the titles' scripts are text.
    assert.equal((html.match(/<script/gi) ?? []).length, 3);
    for (const text of [html.replace(/<script>[\s\S]*?<\/script>/g, '').replace(/<script type="application\/json" id="dashboard-data">[\s\S]*?<\/script>/, ''), ...svgs]) {
      assert.doesNotMatch(text, /<script/i);
      assert.doesNotMatch(text, /<img/i);
      assert.doesNotMatch(text, /<b>/);
      assert.doesNotMatch(text, /href="javascript:/i);
      assert.doesNotMatch(text, /evil\.example/);
    }
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /href="https:\/\/zenodo\.org\/records\/1"/);
    // Escaped as `\](javascript:…)`: a literal bracket, not a link.
    assert.doesNotMatch(md, /(?<!\\)\]\(javascript:/);
    assert.match(md, /\\\]\(javascript:alert\(1\)\)/);
    assert.doesNotMatch(md, /<script/);
    assert.doesNotMatch(md, /evil\.example/);
    assert.match(md, /\[&lt;script&gt;alert\(1\)&lt;\/script&gt;\]\(https:\/\/zenodo\.org\/records\/1\)/);
  });

  it('says plainly when there is nothing to report, and how to fix it', async () => {
    const result = await run(['report', 'nothing', '--db', db, '--out', 'none']);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /no snapshots of 'nothing'/);
  });
});

describe('a report on several communities', () => {
  it('compares them first, counts shared records once, then shows each in turn with its own charts', async () => {
    const { loadCommunityFixture } = await import('./helpers/dataset.js');
    const { startFakeZenodo } = await import('./helpers/fake-zenodo.js');
    const { records, communities } = loadCommunityFixture();
    const clock = createFakeClock(Date.UTC(2026, 10, 1, 9));
    const server = await startFakeZenodo({ records, communities, now: () => clock.now() });
    const { dir, remove } = await tempDir();
    try {
      const run = (args: string[]) => runCli(args, { cwd: dir, env: { ZENODO_BASE_URL: server.url }, clock });
      assert.equal((await run(['summarize', 'nfdi4bioimage', 'covid-19', '-q'])).code, 0);
      clock.advance(14 * 86_400_000);
      assert.equal((await run(['summarize', 'nfdi4bioimage', 'covid-19', '-q'])).code, 0);
      const result = await run(['report', 'nfdi4bioimage', 'covid-19', '--out', 'both']);
      assert.equal(result.code, 0, result.stderr);
      const html = await readFile(path.join(dir, 'both', 'index.html'), 'utf8');
      assert.match(html, /<h1>Usage statistics: nfdi4bioimage, covid-19<\/h1>/);
      assert.match(html, /<section id="comparison">/);
      // A line of links at the top: to the comparison and to each collection's own sections.
      assert.match(html, /<nav class="collections" aria-label="Collections"><p><a href="#comparison">Comparison<\/a> · <a href="#nfdi4bioimage-collection">nfdi4bioimage<\/a> · <a href="#covid-19-collection">covid-19<\/a><\/p><\/nav>/);
      assert.match(html, /<section id="nfdi4bioimage-collection">/);
      assert.match(html, /<section id="covid-19-records" data-records data-prefix="covid-19-" data-period-prefix="covid-19-" data-view="covid-19-record-view">/);
      assert.match(html, /a record in several communities counts once \(\d+ such\)/);
      assert.ok(html.indexOf('id="comparison"') < html.indexOf('id="nfdi4bioimage-headline"'));
      assert.ok(html.indexOf('id="nfdi4bioimage-headline"') < html.indexOf('id="covid-19-headline"'));
      const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
      assert.equal(new Set(ids).size, ids.length, 'every id on the page is unique');
      const charts = await readdir(path.join(dir, 'both', 'charts'));
      assert.ok(charts.includes('comparison.svg'));
      assert.ok(charts.includes('nfdi4bioimage-top-all-time.svg') && charts.includes('covid-19-top-all-time.svg'));
      const md = await readFile(path.join(dir, 'both', 'README.md'), 'utf8');
      const data = await readdir(path.join(dir, 'both', 'data'));
      for (const [, file] of md.matchAll(/\]\(data\/([\w.-]+\.csv)\)/g)) assert.ok(data.includes(file ?? ''), file);
      for (const [, file] of md.matchAll(/\]\(charts\/([\w.-]+\.svg)\)/g)) assert.ok(charts.includes(file ?? ''), file);
    } finally {
      await server.close();
      await remove();
    }
  });
});

describe('report --fetch', () => {
  it('names the file the fetch wrote where it ends up, not the folder the report is built in', async () => {
    const { makeSyntheticRecords } = await import('./helpers/dataset.js');
    const { startFakeZenodo } = await import('./helpers/fake-zenodo.js');
    const clock = createFakeClock(Date.UTC(2026, 10, 1, 9));
    const server = await startFakeZenodo({
      records: makeSyntheticRecords(5, { community: 'small', seed: 2 }),
      communities: [{ id: 'sm4ll', slug: 'small', title: 'Small' }],
      now: () => clock.now(),
    });
    const { dir, remove } = await tempDir();
    try {
      const result = await runCli(['report', 'small', '--fetch', '--base-url', server.url, '--db', 'f.sqlite', '--out', 'site/report'], { cwd: dir, clock });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /^\d+ requests? in [\d.]+ s · wrote site\/report\/data\/records\.csv · snapshot 2026-11-01 saved in f\.sqlite$/m);
      assert.doesNotMatch(result.stderr, /\.report-/);
      await readFile(path.join(dir, 'site', 'report', 'data', 'records.csv'), 'utf8');
    } finally {
      await server.close();
      await remove();
    }
  });
});
