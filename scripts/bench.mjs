// Benchmark: how long a lesson takes to become runnable, and to recover after Cancel, in Chromium.
// Medians of several runs, with the engine started by initdb (the data-dir dump blocked) as the
// baseline in the same run. Usage: npm run build && npm run bench [-- runs]
// Not part of CI: shared machines are noisy; compare ratios within one run, not numbers across runs.
import { chromium } from 'playwright-core';
import { chromiumFlags, findChromium } from './chromium.mjs';
import { startPreview } from './site.mjs';

const runs = Number(process.argv[2] ?? 5);
const lessons = ['/lessons/minimal-schema/', '/lessons/rules/'];

const { url: site, stop } = await startPreview();

const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumFlags });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ready = (page) =>
  page.waitForFunction(
    () => document.querySelector('.engine-status')?.getAttribute('data-state') === 'ready',
    null,
    {
      timeout: 60_000,
    },
  );

async function startUp(path, { initdb, warm }) {
  const context = await browser.newContext();
  if (initdb) await context.route('**/engine/pgdata.tar.gz', (route) => route.fulfill({ status: 404 }));
  const page = await context.newPage();
  if (warm) {
    await page.goto(site + path);
    await ready(page);
  }
  await page.goto(site + path);
  await ready(page);
  const ms = await page.evaluate(() => performance.getEntriesByName('engine-ready')[0]?.startTime ?? NaN);
  await context.close();
  return ms;
}

async function recovery(path, { initdb, after = 0 }) {
  const context = await browser.newContext();
  if (initdb) await context.route('**/engine/pgdata.tar.gz', (route) => route.fulfill({ status: 404 }));
  const page = await context.newPage();
  await page.goto(site + path);
  await ready(page);
  await page.getByRole('button', { name: 'Run all steps' }).click();
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.step-state')].every(
        (badge) => badge.dataset.state !== 'not-run' && badge.dataset.state !== 'running',
      ),
    null,
    { timeout: 60_000 },
  );
  await page.locator('.console .cm-content').click();
  await page.keyboard.insertText('SELECT pg_sleep(60)');
  await page.keyboard.press('Control+Enter');
  const cancel = page.locator('.console').getByRole('button', { name: 'Cancel' });
  await cancel.waitFor({ state: 'visible' });
  await page.waitForTimeout(after);
  const started = Date.now();
  await cancel.click();
  await page.locator('.console-entry .stopped').first().waitFor({ timeout: 60_000 });
  const ms = Date.now() - started;
  await context.close();
  return ms;
}

const rows = [];
for (const path of lessons) {
  for (const [name, measure, options] of [
    ['start-up, cold cache', startUp, { warm: false }],
    ['start-up, warm cache', startUp, { warm: true }],
    ['recovery, Cancel at once', recovery, {}],
    ['recovery, Cancel after 3 s', recovery, { after: 3000 }],
  ]) {
    const fromDump = [];
    const fromInitdb = [];
    for (let i = 0; i < runs; i++) {
      fromDump.push(await measure(path, { ...options, initdb: false }));
      fromInitdb.push(await measure(path, { ...options, initdb: true }));
    }
    const dump = median(fromDump);
    const baseline = median(fromInitdb);
    rows.push({
      lesson: path,
      what: name,
      'median ms': Math.round(dump),
      'initdb baseline ms': Math.round(baseline),
      ratio: (dump / baseline).toFixed(2),
    });
  }
}
console.table(rows);
await browser.close();
stop();
