import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, findChromium } from './helpers/find-browser.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { loadCommunityFixture, loadTrainingFixture } from './helpers/dataset.js';
import { startFakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';
import { parse as parseCsv } from 'csv-parse/sync';

const weeklyDir = fileURLToPath(new URL('./fixtures/nfdi4bioimage-weekly/', import.meta.url));
const outputDir = fileURLToPath(new URL('../test-output/', import.meta.url));
const executablePath = findChromium();
// Outside CI a machine without a browser skips this file with a message; in CI it must run.
const skip = executablePath === undefined && !process.env.CI ? 'no Chromium found (install Debian\'s chromium, or set CHROMIUM_PATH)' : false;

describe('the HTML report in a real browser', { skip }, () => {
  let browser: Browser;
  let dir: string;
  /** `top --period <month>` for two months, by record id: what a record's own view must agree with. */
  const topByMonth = new Map<string, Map<string, { downloads: number; views: number }>>();
  /** `history --period week` and `history --period month --from 2026-03-01 --to 2026-05-31`, as JSON rows. */
  let weeks: Record<string, string | number>[] = [];
  let springMonths: Record<string, string | number>[] = [];
  const topByWeek = new Map<string, Map<string, { downloads: number; views: number }>>();
  let remove: () => Promise<void>;

  before(async () => {
    assert.ok(executablePath, 'CI must have Chromium: .ci/run installs Debian\'s chromium');
    ({ dir, remove } = await tempDir());
    const clock = createFakeClock(Date.UTC(2026, 7, 12, 6));
    const run = (args: string[]) => runCli(args, { cwd: dir, clock });
    const db = path.join(dir, 'r.sqlite');
    assert.equal((await run(['import', weeklyDir, '--as', 'nfdi4bioimage-training', '--db', db, '-q'])).code, 0);
    // The day after the last weekly file, the list's records from the fake: titles, types, years and keywords
    // for the breakdowns (imported CSVs carry none).
    const server = await startFakeZenodo({ records: loadTrainingFixture().records, communities: loadCommunityFixture().communities, now: () => clock.now() });
    try {
      const listed = await run(['summarize', '--records', path.join(weeklyDir, '20260811.csv'), '--as', 'nfdi4bioimage-training', '--base-url', server.url, '--db', db, '-o', path.join(dir, 'listed.csv'), '-q']);
      assert.equal(listed.code, 0, listed.stderr);
    } finally {
      await server.close();
    }
    const made = await run(['report', 'nfdi4bioimage-training', '--db', db, '--out', 'report', '--title', 'NFDI4BIOIMAGE training materials: usage']);
    assert.equal(made.code, 0, made.stderr);
    for (const month of ['2026-06', '2026-07']) {
      const top = await run(['top', 'nfdi4bioimage-training', '--db', db, '--period', month, '--limit', '1000', '--format', 'json', '-q']);
      assert.equal(top.code, 0, top.stderr);
      topByMonth.set(month, new Map((JSON.parse(top.stdout) as { id: string; downloads: number; views: number }[]).map((r) => [r.id, r])));
    }
    // A second collection (the same weekly files, named apart) for a report on several collections.
    assert.equal((await run(['import', weeklyDir, '--as', 'copy', '--db', db, '-q'])).code, 0);
    const multi = await run(['report', 'nfdi4bioimage-training', 'copy', '--db', db, '--out', 'multi']);
    assert.equal(multi.code, 0, multi.stderr);
    const history = async (args: string[]) => {
      const result = await run(['history', 'nfdi4bioimage-training', '--db', db, ...args, '--format', 'json', '-q']);
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout) as Record<string, string | number>[];
    };
    weeks = await history(['--period', 'week']);
    springMonths = await history(['--period', 'month', '--from', '2026-03-01', '--to', '2026-05-31']);
    for (const period of ['2026-W20', '2026-W27', '2026-05']) {
      const top = await run(['top', 'nfdi4bioimage-training', '--db', db, '--period', period, '--limit', '1000', '--format', 'json', '-q']);
      assert.equal(top.code, 0, top.stderr);
      topByWeek.set(period, new Map((JSON.parse(top.stdout) as { id: string; downloads: number; views: number }[]).map((r) => [r.id, r])));
    }
    browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs });
  });
  after(async () => {
    await browser?.close();
    await remove?.();
  });

  for (const viewport of [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 390, height: 844 }]) {
    it(`opens from file:// without errors or outside requests, every chart titled, every table with a header (${viewport.name})`, async () => {
      const page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
      const errors: string[] = [];
      const outside: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('request', (r) => {
        if (!r.url().startsWith('file://')) outside.push(r.url());
      });
      await page.goto(pathToFileURL(path.join(dir, 'report', 'index.html')).href);
      assert.deepEqual(errors, []);
      assert.deepEqual(outside, []);
      assert.equal(await page.locator('figure svg').count(), 8);
      const untitled = await page.locator('figure svg').evaluateAll((svgs) => svgs.filter((s) => !s.querySelector(':scope > title')?.textContent?.trim()).length);
      assert.equal(untitled, 0);
      const tables = await page.locator('table').count();
      assert.ok(tables >= 9, `${tables} tables`);
      const headless = await page.locator('table').evaluateAll((ts) => ts.filter((t) => t.querySelectorAll('thead th').length === 0).length);
      assert.equal(headless, 0);
      // The report's own scripts (the table of every record, and the line in <head> that marks the page enhanced),
      // and their data block; nothing fetched.
      assert.equal(await page.locator('script:not([type])').count(), 2);
      assert.equal(await page.locator('script[type="application/json"]').count(), 1);
      // Nothing wider than the page: the report is readable on a phone without sideways scrolling.
      const overflow = await page.locator('html').evaluate((root) => root.scrollWidth - root.clientWidth);
      assert.ok(overflow <= 1, `page overflows by ${overflow}px`);
      await mkdir(outputDir, { recursive: true });
      await page.screenshot({ path: path.join(outputDir, `report-${viewport.name}.png`), fullPage: true });
      await page.close();
    });
  }

  /** What the tests read of a table row in the page (the project's tsconfig has no DOM types). */
  type DomRow = { hidden: boolean; dataset: Record<string, string | undefined>; cells: ArrayLike<{ dataset: Record<string, string | undefined>; textContent: string | null } | undefined> };

  /** The report in a fresh page; `js: false` as a browser without JavaScript sees it. */
  async function open(js = true, hash = '') {
    const context = await browser.newContext({ javaScriptEnabled: js, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(path.join(dir, 'report', 'index.html')).href + hash);
    /** Each row: shown or not, its type, and what a search must look in (id, title, DOI, keywords, creators). */
    const searchable = () =>
      page.locator(rows).evaluateAll((trs) =>
        trs.map((tr) => {
          const row = tr as unknown as DomRow & { querySelector: (s: string) => { textContent: string | null } | null };
          const d = row.dataset;
          const title = row.querySelector('td a:not(.record-link)')?.textContent ?? '';
          return { hidden: row.hidden, type: d['type'], text: [d['id'], title, d['doi'], d['keyword'], d['creators']].join(' ').toLowerCase() };
        }),
      );
    return { page, errors, searchable, close: () => context.close() };
  }
  const rows = 'section#records tbody tr';

  describe('All records (issue 15, point 1)', () => {
    it('lists every record without JavaScript, the controls hidden', async () => {
      const { page, close } = await open(false);
      const total = await page.locator(rows).count();
      assert.ok(total > 400, `${total} rows`);
      assert.equal(await page.locator(`${rows}:visible`).count(), total);
      assert.equal(await page.locator('section#records .record-controls').isVisible(), false);
      await close();
    });

    it('typing in the search box leaves only the matching rows, and says how many', async () => {
      const { page, errors, searchable, close } = await open();
      const total = await page.locator(rows).count();
      assert.match((await page.locator('section#records .record-count').textContent()) ?? '', new RegExp(`^${total} of ${total} records$`));
      await page.locator('section#records input[type="search"]').pressSequentially('omero');
      const shown = (await searchable()).filter((r) => !r.hidden).map((r) => r.text);
      const hidden = (await searchable()).filter((r) => r.hidden).map((r) => r.text);
      assert.ok(shown.length > 0 && shown.length < total, `${shown.length} of ${total}`);
      assert.ok(shown.every((text) => text.includes('omero')));
      assert.ok(hidden.every((text) => !text.includes('omero')));
      assert.equal(await page.locator('section#records .record-count').textContent(), `${shown.length} of ${total} records`);
      // Every word must match: a second word narrows the view.
      await page.locator('section#records input[type="search"]').pressSequentially(' zzzz-no-such-word');
      assert.equal(await page.locator(`${rows}:visible`).count(), 0);
      assert.deepEqual(errors, []);
      await close();
    });

    it('a click on a header sorts by it, a second click reverses; titles sort A to Z first', async () => {
      const { page, close } = await open();
      const column = async (index: number) => page.locator(rows).evaluateAll((trs, i) => trs.map((tr) => (tr as unknown as DomRow).cells[i]?.dataset['value'] ?? (tr as unknown as DomRow).cells[i]?.textContent ?? ''), index);
      const views = page.locator('section#records thead th', { hasText: /^Views$/ });
      await views.locator('button').click();
      const down = (await column(5)).map(Number);
      assert.deepEqual(down, [...down].sort((a, b) => b - a));
      assert.equal(await views.getAttribute('aria-sort'), 'descending');
      await views.locator('button').click();
      const up = (await column(5)).map(Number);
      assert.deepEqual(up, [...down].reverse().sort((a, b) => a - b));
      assert.equal(await views.getAttribute('aria-sort'), 'ascending');
      await page.locator('section#records thead th', { hasText: /^Title$/ }).locator('button').click();
      // The title is the first link's text (the row's "details" link is not part of it).
      const titles = await page.locator(rows).evaluateAll((trs) => trs.map((tr) => ((tr as unknown as { querySelector: (s: string) => { textContent: string | null } | null }).querySelector('td a:not(.record-link)')?.textContent ?? '').trim()));
      assert.deepEqual(titles, [...titles].sort((a, b) => a.localeCompare(b, 'en')));
      assert.equal(await views.getAttribute('aria-sort'), 'none');
      await close();
    });

    it("shows est_full_downloads where known, equal to summarize's for the same records; unknown ones sort last", async () => {
      // A community listed in RDM JSON gives file sizes and bytes downloaded; summarize's own CSV is the expected value.
      const { dir: own, remove: removeOwn } = await tempDir();
      const clock = createFakeClock(Date.UTC(2026, 10, 25, 9));
      const fixture = loadCommunityFixture();
      const server = await startFakeZenodo({ records: fixture.records, communities: fixture.communities, restrictedFiles: [17897525], now: () => clock.now() });
      try {
        const env = { ZENODO_BASE_URL: server.url };
        const listed = await runCli(['summarize', 'nfdi4bioimage', '--db', 'c.sqlite', '-o', 'listed.csv', '-q'], { cwd: own, env, clock });
        assert.equal(listed.code, 0, listed.stderr);
        const made = await runCli(['report', 'nfdi4bioimage', '--db', 'c.sqlite', '--out', 'report', '-q'], { cwd: own, clock });
        assert.equal(made.code, 0, made.stderr);
        const summary = parseCsv(await readFile(path.join(own, 'listed.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
        const expected = new Map(summary.map((r) => [r['id'] ?? '', r['est_full_downloads'] ?? '']));
        // Record 17897525 (fixture): 855 downloads of two files, its sizes hidden here (restricted files).
        assert.equal(expected.get('17897525'), '');
        // Record 10793700 (fixture): 157 downloads of one file of 44 076 960 bytes; the fake sends bytes downloaded
        // = downloads × mean file size, so the estimate is 157.
        assert.equal(expected.get('10793700'), '157');
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(pathToFileURL(path.join(own, 'report', 'index.html')).href);
        const est = page.locator('section#records thead th[data-est]');
        assert.equal((await est.textContent())?.trim(), 'Full downloads (est.)');
        const at = await est.evaluate((th) => (th as unknown as { cellIndex: number }).cellIndex);
        const column = () => page.locator(rows).evaluateAll((trs, i) => trs.map((tr): [string, string] => [(tr as unknown as DomRow).dataset['id'] ?? '', (tr as unknown as DomRow).cells[i]?.dataset['value'] ?? '']), at);
        const shown = await column();
        // Every record that has statistics (the table leaves out those without).
        assert.equal(shown.length, summary.filter((r) => r['downloads'] !== '').length);
        for (const [id, value] of shown) assert.equal(value, expected.get(id), `record ${id}`);
        await est.locator('button').click();
        const known = (await column()).map(([, v]) => v).filter((v) => v !== '').map(Number);
        assert.deepEqual(known, [...known].sort((a, b) => b - a));
        assert.deepEqual((await column()).at(-1), ['17897525', ''], 'an unknown estimate last');
        await est.locator('button').click();
        assert.deepEqual((await column()).map(([, v]) => v).filter((v) => v !== '').map(Number), [...known].reverse());
        assert.deepEqual((await column()).at(-1), ['17897525', ''], 'an unknown estimate last in either order');
        // A record's own view shows its estimate among its figures; one without a size shows none.
        await page.goto(pathToFileURL(path.join(own, 'report', 'index.html')).href + '#record=10793700');
        // A new hash on the same page is a hashchange, handled after goto returns: wait for that record's view.
        await page.locator('section#record-view p.meta', { hasText: /id 10793700$/ }).waitFor();
        const cards = page.locator('section#record-view .card');
        assert.deepEqual(await cards.last().locator('.label, .value').allTextContents(), ['157', 'Full downloads (est.)']);
        await page.goto(pathToFileURL(path.join(own, 'report', 'index.html')).href + '#record=17897525');
        await page.locator('section#record-view p.meta', { hasText: /id 17897525$/ }).waitFor();
        assert.deepEqual(await page.locator('section#record-view .card .label').allTextContents(), ['Downloads, all time', 'Unique downloads', 'Views, all time']);
        // The data/records.csv beside the page carries the same figures.
        const file = parseCsv(await readFile(path.join(own, 'report', 'data', 'records.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
        assert.equal(file.length, shown.length);
        for (const r of file) assert.equal(r['est_full_downloads'], expected.get(r['id'] ?? ''), `data/records.csv, record ${r['id']}`);
        assert.deepEqual(errors, []);
        await page.close();
      } finally {
        await server.close();
        await removeOwn();
      }
    });

    it('filters by type, year and keyword, and downloads the rows shown as CSV', async () => {
      const { page, close } = await open();
      await page.locator('section#records select[name="type"]').selectOption('presentation');
      const types = await page.locator(`${rows}:visible td:nth-child(2)`).allTextContents();
      assert.ok(types.length > 0);
      assert.deepEqual([...new Set(types)], ['presentation']);
      await page.locator('section#records select[name="year"]').selectOption('2024');
      const years = await page.locator(`${rows}:visible td:nth-child(3)`).allTextContents();
      assert.ok(years.length > 0 && years.length < types.length, `${years.length} of ${types.length}`);
      assert.deepEqual([...new Set(years)], ['2024']);
      const shownIds = await page.locator(`${rows}:visible`).evaluateAll((trs) => trs.map((tr) => (tr as unknown as DomRow).dataset['id'] ?? ''));
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('section#records .record-csv').click()]);
      assert.equal(download.suggestedFilename(), 'records.csv');
      const csv = await readFile((await download.path()) ?? '', 'utf8');
      const [header, ...lines] = csv.trimEnd().split('\r\n');
      assert.equal(header, 'id,title,url,type,year,doi,downloads,unique_downloads,views,gain,est_full_downloads');
      assert.deepEqual(lines.map((l) => l.split(',')[0]), shownIds);
      assert.ok(lines.every((l) => !l.includes(' details,') && !l.includes(' details",')), 'the title without the details link');
      assert.ok(lines.every((l) => l.includes(',presentation,2024,')), lines.join('\n'));
      await page.locator('section#records select[name="type"]').selectOption('');
      await page.locator('section#records select[name="year"]').selectOption('');
      await page.locator('section#records select[name="keyword"]').selectOption('research data management');
      const tagged = await page.locator(`${rows}:visible`).evaluateAll((trs) => trs.map((tr) => (tr as unknown as DomRow).dataset['keyword'] ?? ''));
      assert.ok(tagged.length > 0 && tagged.every((k) => k.split('\n').includes('research data management')));
      await close();
    });
  });

  describe('the view in the URL (issue 15, point 3)', () => {
    it('#q=…&type=… opens with that search and filter, and typing writes the search into the hash', async () => {
      const { page, errors, searchable, close } = await open(true, '#q=omero&type=presentation');
      assert.equal(await page.locator('section#records input[type="search"]').inputValue(), 'omero');
      assert.equal(await page.locator('section#records select[name="type"]').inputValue(), 'presentation');
      const shown = (await searchable()).filter((r) => !r.hidden);
      assert.ok(shown.length > 0);
      assert.ok(shown.every((r) => r.text.includes('omero') && r.type === 'presentation'));
      await page.locator('section#records input[type="search"]').fill('omero workshop');
      assert.equal(await page.evaluate('location.hash'), '#q=omero+workshop&type=presentation');
      await page.locator('section#records select[name="type"]').selectOption('');
      assert.equal(await page.evaluate('location.hash'), '#q=omero+workshop');
      assert.deepEqual(errors, []);
      await close();
    });
  });

  describe("A record's own view (issue 15, point 2)", () => {
    it('#record=<id> shows that record: title, figures, rank, and per month the downloads and views top gives', async () => {
      const records = (await readFile(path.join(dir, 'report', 'data', 'records.csv'), 'utf8')).trimEnd().split('\r\n').slice(1);
      // The second most downloaded record (ids never hold commas; the title is quoted when it does).
      const id = records[1]?.split(',')[0] ?? '';
      const { page, errors, close } = await open(true, `#record=${id}`);
      const view = page.locator('section#record-view');
      assert.equal(await view.isVisible(), true);
      const row = page.locator(`section#records tbody tr[data-id="${id}"]`);
      const title = (await row.locator('td').first().locator('a').first().textContent()) ?? '';
      assert.equal(await view.locator('h2').textContent(), title);
      assert.equal(await view.locator('.card .value').first().textContent(), await row.locator('td').nth(3).textContent());
      assert.equal(await view.locator('.card .detail').first().textContent(), `rank 2 of ${records.length} by downloads`);
      for (const month of ['2026-06', '2026-07']) {
        const expected = topByMonth.get(month)?.get(id);
        assert.ok(expected, `top lists ${id} in ${month}`);
        const cells = await view.locator('table.record-periods tbody tr', { has: page.locator('td', { hasText: new RegExp(`^${month}$`) }) }).locator('td').allTextContents();
        assert.deepEqual(cells, [month, expected.downloads.toLocaleString('en-US'), expected.views.toLocaleString('en-US')]);
      }
      assert.equal(await view.locator('svg rect').count(), await view.locator('table.record-periods tbody tr').count());
      // Another record's "details" link opens its view; "All records" closes it.
      const third = records[2]?.split(',')[0] ?? '';
      await page.locator(`section#records tbody tr[data-id="${third}"] a.record-link`).click();
      // The view is redrawn on the hashchange event, after the click has returned: wait for it (30 s at most).
      await page.waitForFunction(`location.hash === '#record=${third}'`);
      await view.locator('.card .detail', { hasText: /^rank 3 of/ }).waitFor();
      assert.equal(await view.locator('.card .detail').first().textContent(), `rank 3 of ${records.length} by downloads`);
      await view.locator('a[href="#"]').click();
      await view.waitFor({ state: 'hidden' });
      assert.equal(await view.isVisible(), false);
      assert.deepEqual(errors, []);
      await close();
    });

    it('lists what touched the record: the anomalies of its own figures', async () => {
      const html = await readFile(path.join(dir, 'report', 'index.html'), 'utf8');
      const block = JSON.parse(/<script type="application\/json" id="dashboard-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}') as { records: Record<string, { a?: string[] }> };
      const touched = Object.entries(block.records).filter(([, r]) => (r.a ?? []).length > 0);
      const untouched = Object.entries(block.records).find(([, r]) => r.a === undefined);
      // The real weekly files have outages (zeros) and stalls, so some records were touched and some not.
      assert.ok(touched.length > 0 && untouched, `${touched.length} touched`);
      const [id, record] = touched[0] ?? ['', {}];
      const { page, errors, close } = await open(true, `#record=${id}`);
      const view = page.locator('section#record-view');
      assert.equal(await view.locator('h3', { hasText: 'What touched its figures' }).count(), 1);
      assert.deepEqual(await view.locator('ul.record-anomalies li').allTextContents(), record.a);
      await page.evaluate(`location.hash = '#record=${untouched?.[0]}'`);
      // Redrawn on the hashchange event: wait until the view is that record's.
      await view.locator('p.meta', { hasText: new RegExp(`id ${untouched?.[0]}$`) }).waitFor();
      assert.equal(await view.locator('ul.record-anomalies').count(), 0);
      assert.deepEqual(errors, []);
      await close();
    });

    it('an unknown #record shows no view and no error', async () => {
      const { page, errors, close } = await open(true, '#record=99999999999');
      assert.equal(await page.locator('section#record-view').isVisible(), false);
      assert.deepEqual(errors, []);
      await close();
    });
  });

  describe('period and range (issue 15, point 3)', () => {
    /** The rows of the period table the page drew, as the `history` columns they show. */
    const liveTable = (page: Page) =>
      page.locator('#over-time-live details.period-table-live table').evaluate((table) => {
        const t = table as unknown as { tHead: { rows: ArrayLike<{ cells: ArrayLike<{ textContent: string | null }> }> }; tBodies: ArrayLike<{ rows: ArrayLike<{ cells: ArrayLike<{ textContent: string | null }> }> }> };
        const keys = Array.from(t.tHead.rows[0]?.cells ?? [], (c) => c.textContent ?? '');
        return Array.from(t.tBodies[0]?.rows ?? [], (r) => Object.fromEntries(Array.from(r.cells, (c, i) => [keys[i] ?? '', c.textContent ?? ''])));
      });
    const asShown = (rows: Record<string, string | number>[]) =>
      rows.map((r) => Object.fromEntries(['period', 'start', 'end', 'records', 'new_records', 'downloads', 'views', 'total_downloads', 'total_views', 'coverage', 'anomalies'].map((k) => [k, typeof r[k] === 'number' ? r[k].toLocaleString('en-US') : String(r[k] ?? '')])));

    it('choosing "week" redraws the charts per week, with the figures history --period week gives, and keeps it in the hash', async () => {
      const { page, errors, close } = await open();
      assert.equal(await page.locator('.period-controls').isVisible(), true);
      assert.equal(await page.locator('#over-time-live').isVisible(), false);
      await page.locator('.period-controls select[name="period"]').selectOption('week');
      assert.equal(await page.evaluate('location.hash'), '#period=week');
      assert.equal(await page.locator('#over-time .period-static').isVisible(), false);
      assert.equal(await page.locator('#over-time-live').isVisible(), true);
      assert.deepEqual(await liveTable(page), asShown(weeks));
      // One column per week, titled, and the charts over time redrawn.
      const perWeek = page.locator('#chart-per-period-live svg');
      assert.equal(await perWeek.locator(':scope > title').textContent(), 'Downloads per week');
      assert.equal(await perWeek.locator('rect').count(), weeks.length);
      assert.equal(await page.locator('#over-time-live figure svg').count(), 3);
      // The headline's cards follow: the last full week.
      const lastFull = weeks.filter((w) => w.coverage === 'full').at(-1);
      assert.ok(lastFull);
      const card = page.locator('#headline [data-period-card="downloads"]');
      assert.equal(await card.locator('.label').textContent(), `Downloads in ${lastFull.period}`);
      assert.equal(await card.locator('.value').textContent(), Number(lastFull.downloads).toLocaleString('en-US'));
      await mkdir(outputDir, { recursive: true });
      await page.screenshot({ path: path.join(outputDir, 'dashboard-week-desktop.png'), fullPage: false });
      await page.locator('#over-time').screenshot({ path: path.join(outputDir, 'dashboard-week-over-time.png') });
      // "The report's own view" puts the static charts back.
      await page.locator('.period-controls .period-reset').click();
      assert.equal(await page.evaluate('location.hash'), '#period=month');
      // Redrawn on the hashchange event, after the click has returned.
      await page.locator('#over-time .period-static').waitFor({ state: 'visible' });
      assert.equal(await page.locator('#over-time .period-static').isVisible(), true);
      assert.equal(await page.locator('#over-time-live').isVisible(), false);
      assert.deepEqual(errors, []);
      await close();
    });

    it('#period=month&from=…&to=… opens on those months: the figures history --from --to gives, the gains and the top list of the last of them as top --period gives', async () => {
      const { page, errors, close } = await open(true, '#period=month&from=2026-03-01&to=2026-05-31');
      assert.equal(await page.locator('.period-controls input[name="from"]').inputValue(), '2026-03-01');
      assert.equal(await page.locator('.period-controls input[name="to"]').inputValue(), '2026-05-31');
      assert.deepEqual(springMonths.map((m) => m.period), ['2026-03', '2026-04', '2026-05']);
      assert.deepEqual(await liveTable(page), asShown(springMonths));
      const may = topByWeek.get('2026-05');
      assert.ok(may);
      // The table's gain column is May's, for every record, as top --period 2026-05 says.
      assert.equal(await page.locator('section#records thead th[data-gain]').textContent(), 'Downloads in 2026-05');
      const gains = await page.locator(rows).evaluateAll((trs) => trs.map((tr) => [(tr as unknown as DomRow).dataset['id'] ?? '', (tr as unknown as DomRow).cells[6]?.dataset['value'] ?? '']));
      for (const [id, gain] of gains) assert.equal(Number(gain), may.get(id ?? '')?.downloads ?? 0, `record ${id}`);
      const top = [...may.values()].filter((r) => r.downloads > 0).slice(0, 10);
      const drawn = await page.locator('#top-live details table tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as DomRow).cells[1]?.textContent ?? ''));
      assert.deepEqual(drawn, top.map((r) => r.downloads.toLocaleString('en-US')));
      assert.equal(await page.locator('#top-live svg > title').textContent(), 'Most downloaded records in 2026-05');
      assert.deepEqual(errors, []);
      await close();
    });

    it("a record's view follows the period: per week, the downloads and views top --period <week> gives", async () => {
      const records = (await readFile(path.join(dir, 'report', 'data', 'records.csv'), 'utf8')).trimEnd().split('\r\n').slice(1);
      const id = records[0]?.split(',')[0] ?? '';
      const { page, errors, close } = await open(true, `#record=${id}&period=week`);
      const view = page.locator('section#record-view');
      assert.equal(await view.locator('h3').first().textContent(), 'Downloads per week');
      assert.equal(await view.locator('table.record-periods tbody tr').count(), weeks.length);
      for (const week of ['2026-W20', '2026-W27']) {
        const expected = topByWeek.get(week)?.get(id);
        assert.ok(expected, `top lists ${id} in ${week}`);
        const cells = await view.locator('table.record-periods tbody tr', { has: page.locator('td', { hasText: new RegExp(`^${week}$`) }) }).locator('td').allTextContents();
        assert.deepEqual(cells, [week, expected.downloads.toLocaleString('en-US'), expected.views.toLocaleString('en-US')]);
      }
      // Switching to quarters redraws the view where it is.
      await page.locator('.period-controls select[name="period"]').selectOption('quarter');
      assert.equal(await view.locator('h3').first().textContent(), 'Downloads per quarter');
      assert.deepEqual(await view.locator('table.record-periods tbody tr td:first-child').allTextContents(), ['2024-Q2 (partial)', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3 (partial)']);
      assert.deepEqual(errors, []);
      await close();
    });

    it('a report on several collections draws their downloads per period side by side, following the period', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(path.join(dir, 'multi', 'index.html')).href + '#period=quarter');
      const box = page.locator('#comparison-live');
      assert.equal(await box.isVisible(), true);
      assert.equal(await box.locator('h3').textContent(), 'Downloads per quarter, side by side');
      assert.equal(await box.locator('svg path').count(), 2);
      const cells = await box.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as DomRow).cells, (c) => c?.textContent ?? '')));
      const quarters = (await runCli(['history', 'copy', '--db', path.join(dir, 'r.sqlite'), '--period', 'quarter', '--format', 'json', '-q'], { cwd: dir })).stdout;
      // The same weekly files under two names: both columns are history --period quarter's downloads.
      assert.deepEqual(cells, (JSON.parse(quarters) as { period: string; downloads: number }[]).map((q) => [q.period, q.downloads.toLocaleString('en-US'), q.downloads.toLocaleString('en-US')]));
      assert.deepEqual(await box.locator('thead th').allTextContents(), ['period', 'nfdi4bioimage-training', 'copy']);
      assert.deepEqual(errors, []);
      await context.close();
    });

    it('the view per week fits a phone, asks nothing from outside the file, and is shot at phone size', async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      const outside: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file://')) outside.push(r.url());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(path.join(dir, 'report', 'index.html')).href + '#period=week&from=2025-01-01');
      assert.equal(await page.locator('#over-time-live').isVisible(), true);
      const overflow = await page.locator('html').evaluate((root) => root.scrollWidth - root.clientWidth);
      assert.ok(overflow <= 1, `page overflows by ${overflow}px`);
      // The controls are plain form elements: the keyboard reaches the period choice.
      await page.locator('.period-controls select[name="period"]').focus();
      await page.keyboard.press('ArrowDown');
      assert.notEqual(await page.evaluate('location.hash'), '#period=week&from=2025-01-01');
      await mkdir(outputDir, { recursive: true });
      await page.screenshot({ path: path.join(outputDir, 'dashboard-week-phone.png'), fullPage: false });
      assert.deepEqual(outside, []);
      assert.deepEqual(errors, []);
      await context.close();
    });

    it('a range the snapshots do not reach says so, without an error', async () => {
      const { page, errors, close } = await open(true, '#from=2030-01-01&to=2030-12-31');
      const none = 'No period of the snapshots falls in the range chosen.';
      assert.equal(await page.locator('#over-time-live .period-showing').textContent(), none);
      // Nothing of the report's own last month stays on show under a range that has no period.
      const cards = await page.locator('#headline [data-period-card]').evaluateAll((els) =>
        els.map((c) => [(c as unknown as DomRow).dataset['periodCard'], c.querySelector('.value')?.textContent, c.querySelector('.label')?.textContent, c.querySelector('.detail')?.textContent ?? null]),
      );
      assert.deepEqual(
        cards.filter(([key]) => key !== 'new'),
        [
          ['downloads', '–', 'Downloads', none],
          ['views', '–', 'Views', none],
        ],
      );
      assert.deepEqual(cards.find(([key]) => key === 'new')?.[3], none);
      assert.equal(await page.locator('section#records thead th[data-gain]').textContent(), 'Downloads in –');
      const gains = await page.locator(rows).evaluateAll((trs) => trs.map((tr) => [(tr as unknown as DomRow).cells[6]?.dataset['value'] ?? null, (tr as unknown as DomRow).cells[6]?.textContent]));
      assert.ok(gains.length > 0);
      assert.deepEqual(new Set(gains.map((g) => JSON.stringify(g))), new Set([JSON.stringify([null, ''])]));
      assert.equal(await page.locator('#top-live').textContent(), none);
      assert.equal(await page.locator('#top-live svg').count(), 0);
      assert.deepEqual(errors, []);
      await close();
    });

    it('prints the view chosen', async () => {
      const { page, close } = await open(true, '#period=week');
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('#over-time-live').isVisible(), true);
      assert.equal(await page.locator('.period-controls').isVisible(), false);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      assert.ok(pdf.length > 10_000);
      await close();
    });
  });

  it('prints on A4', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(dir, 'report', 'index.html')).href);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    assert.ok(pdf.length > 10_000);
    await mkdir(outputDir, { recursive: true });
    await page.close();
  });
});
