import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, findChromium } from './helpers/find-browser.js';
import { createFakeClock } from './helpers/fake-clock.js';
import { loadCommunityFixture, loadTrainingFixture } from './helpers/dataset.js';
import { startFakeZenodo } from './helpers/fake-zenodo.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const weeklyDir = fileURLToPath(new URL('./fixtures/nfdi4bioimage-weekly/', import.meta.url));
const outputDir = fileURLToPath(new URL('../test-output/', import.meta.url));
const executablePath = findChromium();
// Outside CI a machine without a browser skips this file with a message; in CI it must run.
const skip = executablePath === undefined && !process.env.CI ? 'no Chromium found (install Debian\'s chromium, or set CHROMIUM_PATH)' : false;

describe('the HTML report in a real browser', { skip }, () => {
  let browser: Browser;
  let dir: string;
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
      assert.equal(await page.locator('script').count(), 0);
      // Nothing wider than the page: the report is readable on a phone without sideways scrolling.
      const overflow = await page.locator('html').evaluate((root) => root.scrollWidth - root.clientWidth);
      assert.ok(overflow <= 1, `page overflows by ${overflow}px`);
      await mkdir(outputDir, { recursive: true });
      await page.screenshot({ path: path.join(outputDir, `report-${viewport.name}.png`), fullPage: true });
      await page.close();
    });
  }

  it('prints on A4', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(dir, 'report', 'index.html')).href);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    assert.ok(pdf.length > 10_000);
    await mkdir(outputDir, { recursive: true });
    await page.close();
  });
});
