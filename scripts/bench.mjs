// Benchmark, not part of `npm test`: for every lesson, in Chromium, against the built site served
// with gzip (as a static host would), medians of several runs, each beside a naive baseline measured
// in the same run:
//   start-up, cold and warm   baseline: the same page with the lesson snapshots blocked, so the
//                             engine runs initdb and replays the earlier lessons (the fallback)
//   bytes transferred         same baseline
//   longest main-thread task  same baseline
//   step round trip           press Run → verdict on screen (the next frame); baseline: the same page
//                             comparing every table before and after each run (?observe=full)
//   page JavaScript           gzipped JS the page loads to become runnable; baseline: all of the
//                             page's JS, lazy chunks included
// and a slow device (scripts/slowDevice.mjs): one lesson's Ready and first result with the page's
// CPU throttled 4× through DevTools, beside the same unthrottled, first visit and visited.
// and recovery (scripts/benchRecovery.mjs): ready again after Cancel with 3 million rows kept, 3 s
// into a statement and at once, beside a tab that keeps nothing and replays the runs.
// Usage: npm run bench [-- runs] [--only=lessons|slow|recovery] [--lesson=<slug for the slow device>]
//   (builds the site first if dist/ is missing)
// Shared machines are noisy: compare ratios within one run, not figures across runs.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { measureRecovery } from './benchRecovery.mjs';
import { chromiumFlags, findChromium } from './chromium.mjs';
import { serveStatic } from './serve.mjs';
import { buildSite } from './site.mjs';
import { measureSlowDevice } from './slowDevice.mjs';

const args = process.argv.slice(2);
const runs = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 3);
const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const slowLesson =
  args.find((arg) => arg.startsWith('--lesson='))?.slice('--lesson='.length) ?? 'minimal-schema';
if (!existsSync('dist/index.html')) buildSite();
const lessons = readdirSync('dist/engine')
  .filter((file) => file.endsWith('.tar.gz'))
  // Named <slug>-<version of its starting state>.tar.gz.
  .map((file) => file.replace(/-[0-9a-f]{16}\.tar\.gz$/, ''));
const order = readdirSync('content')
  .filter((file) => /^\d+-.*\.md$/.test(file))
  .map((file) => file.replace(/^\d+-|\.md$/g, ''));
lessons.sort((a, b) => order.indexOf(a) - order.indexOf(b));

const { url: site, stop } = await serveStatic('dist');
const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumFlags });
const median = (values) => {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : Number.NaN;
};

/** Recorded in the page from its first script on: long tasks, Run presses and verdicts. */
const instrument = () => {
  const bench = { tasks: [], presses: [], verdicts: [] };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      bench.tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener(
    'keydown',
    (event) => {
      const step = event.target instanceof Element && event.target.closest('section.step .button-primary');
      if (event.key === 'Enter' && step) bench.presses.push(performance.now());
    },
    true,
  );
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element && node.matches('.step-output .verdict')) {
          requestAnimationFrame((frame) => bench.verdicts.push(frame));
        }
      }
    }
  }).observe(document, { subtree: true, childList: true });
};

const ready = (page) =>
  page.waitForFunction(
    () => document.querySelector('.engine-status')?.getAttribute('data-state') === 'ready',
    null,
    {
      timeout: 120_000,
    },
  );

async function openContext(naive) {
  const context = await browser.newContext();
  if (naive)
    await context.route('**/engine/*.tar.gz', (route) => route.fulfill({ status: 404, body: 'blocked' }));
  await context.addInitScript(instrument);
  let bytes = 0;
  const pageScripts = new Set();
  context.on('requestfinished', async (request) => {
    const sizes = await request.sizes().catch(() => undefined);
    if (!sizes) return;
    bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    if (request.resourceType() === 'script' && !request.serviceWorker() && !/worker/.test(request.url())) {
      pageScripts.add(`${request.url()} ${sizes.responseBodySize}`);
    }
  });
  return {
    context,
    take: () => {
      const taken = bytes;
      bytes = 0;
      return taken;
    },
    pageJs: () => [...pageScripts].reduce((sum, entry) => sum + Number(entry.split(' ').at(-1)), 0),
  };
}

/** Waits until the service worker (if any) has finished precaching, then a moment for stragglers. */
async function settle(page) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const done = await page.evaluate(async () => {
      if (!navigator.serviceWorker?.controller) return false;
      const names = await caches.keys();
      return names.some((name) => name.startsWith('cqrs-site-'));
    });
    if (done) break;
    await page.waitForTimeout(100);
  }
  await page.waitForTimeout(300);
}

async function visit(page, path) {
  await page.goto(`${site}${path}`);
  await ready(page);
  return page.evaluate(() => {
    const readyAt = performance.getEntriesByName('engine-ready')[0]?.startTime ?? Number.NaN;
    const tasks = window.__bench.tasks.filter((task) => task.start < readyAt);
    return { ms: readyAt, longest: Math.max(0, ...tasks.map((task) => task.duration)) };
  });
}

/**
 * Presses every step's Run in order; returns the median press → verdict frame, and the median of
 * that minus the SQL's own time (what the page, the worker and the message passing add), in ms.
 */
async function stepRoundTrip(page) {
  await page.getByLabel('Stop statements after').selectOption('60');
  const ids = await page
    .locator('section.step')
    .evaluateAll((sections) => sections.map((section) => section.id));
  const sqlMs = [];
  for (const id of ids) {
    const before = await page.evaluate(() => window.__bench.verdicts.length);
    await page.locator(`#${id} .button-primary`).first().press('Enter');
    await page.waitForFunction((count) => window.__bench.verdicts.length > count, before, {
      timeout: 60_000,
    });
    const took = await page.locator(`#${id} .outcome-time`).first().textContent({ timeout: 60_000 });
    sqlMs.push(Number(/([\d.]+) ms/.exec(took ?? '')?.[1]));
  }
  const { presses, verdicts } = await page.evaluate(() => window.__bench);
  const trips = verdicts.map((verdict, index) => verdict - (presses[index] ?? Number.NaN));
  return {
    trip: median(trips),
    overhead: median(trips.map((trip, index) => trip - (sqlMs[index] ?? Number.NaN))),
  };
}

/** gzipped size of every script the built site can load into a lesson page (the baseline for page JS). */
function allPageJs() {
  return readdirSync('dist/_astro')
    .filter((file) => file.endsWith('.js') && !/worker|Presenter|Speaker|presenter/.test(file))
    .reduce((sum, file) => sum + gzipSync(readFileSync(join('dist/_astro', file))).length, 0);
}

const results = [];
for (const slug of only && only !== 'lessons' ? [] : lessons) {
  const path = `/lessons/${slug}/`;
  const samples = { snapshot: [], naive: [] };
  for (let run = 0; run < runs; run++) {
    for (const variant of ['snapshot', 'naive']) {
      const { context, take, pageJs } = await openContext(variant === 'naive');
      const page = await context.newPage();
      const cold = await visit(page, path);
      const coldBytes = take();
      // What the page fetches after it is ready (the next snapshot, the service worker's precache)
      // belongs to neither visit's wait: counted apart.
      await settle(page);
      const backgroundBytes = take();
      const warm = await visit(page, `${path}${variant === 'naive' ? '?observe=full' : ''}`);
      const warmBytes = take();
      const step = await stepRoundTrip(page);
      samples[variant].push({
        cold: cold.ms,
        warm: warm.ms,
        coldBytes,
        backgroundBytes,
        warmBytes,
        longest: cold.longest,
        step: step.trip,
        overhead: step.overhead,
        pageJs: pageJs(),
      });
      await context.close();
    }
  }
  const pick = (variant, key) => median(samples[variant].map((sample) => sample[key]));
  const row = (what, key, unit, naiveKey = key) => {
    const value = pick('snapshot', key);
    const baseline = pick('naive', naiveKey);
    results.push({ lesson: slug, what, value, baseline, unit, ratio: value / baseline });
  };
  row('start-up, cold (ms)', 'cold', 'ms');
  row('start-up, warm (ms)', 'warm', 'ms');
  row('bytes, first visit until ready', 'coldBytes', 'B');
  row('bytes, first visit, after ready', 'backgroundBytes', 'B');
  row('bytes, second visit', 'warmBytes', 'B');
  row('longest boot task (ms)', 'longest', 'ms');
  row('Run → verdict, median (ms)', 'step', 'ms');
  row('… of which not the SQL itself (ms)', 'overhead', 'ms');
  results.push({
    lesson: slug,
    what: 'page JS, gzipped',
    value: pick('snapshot', 'pageJs'),
    baseline: allPageJs(),
    unit: 'B',
    ratio: pick('snapshot', 'pageJs') / allPageJs(),
  });
}
const wasm = readdirSync('dist/_astro').find((file) => /^pglite[^/]*\.wasm$/.test(file));
const slow =
  only && only !== 'slow'
    ? undefined
    : await measureSlowDevice(browser, { site, lesson: slowLesson, wasmUrl: `/_astro/${wasm}`, runs });
const recovery =
  only && only !== 'recovery'
    ? undefined
    : await measureRecovery(browser, { site, lesson: 'minimal-schema', runs, median });
const chromiumVersion = browser.version();
await browser.close();
stop();

const format = (value, unit, what) => {
  if (unit === 'B') return `${(value / 1e6).toFixed(value < 1e6 ? 3 : 2)} MB`;
  // The browser reports only tasks over 50 ms.
  if (/longest/.test(what) && value === 0) return 'none over 50';
  return Number.isFinite(value) ? value.toFixed(value < 20 ? 1 : 0) : 'n/a';
};
if (results.length > 0)
  console.table(
    results.map(({ lesson, what, value, baseline, unit, ratio }) => ({
      lesson,
      what,
      measured: format(value, unit, what),
      'naive baseline': format(baseline, unit, what),
      ratio: Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a',
    })),
  );
if (slow) {
  console.log(
    `\nSlow device: /lessons/${slowLesson}/ with the page's CPU throttled 4× (DevTools), medians of ${runs} runs.` +
      `\nThe engine's worker ${slow.workerThrottled ? 'is' : 'is NOT'} throttled with it (Chromium throttles only a page's main thread).`,
  );
  console.table(
    slow.rows.map(({ visit, what, unthrottled, throttled }) => ({
      visit,
      what,
      unthrottled: format(unthrottled, 'ms', what),
      'throttled 4×': format(throttled, 'ms', what),
      ratio: Number.isFinite(throttled / unthrottled) ? (throttled / unthrottled).toFixed(2) : 'n/a',
    })),
  );
}
if (recovery) {
  console.log(
    `\nReady again after Cancel, with ${recovery.rows.toLocaleString('en')} rows in the kept database, medians of ${runs} runs.`,
  );
  console.table(
    [
      ['Cancel 3 s in (a spare is ready)', recovery.spare],
      ['Cancel at once', recovery.atOnce],
    ].map(([what, ms]) => ({
      'Cancel → ready (ms)': what,
      measured: format(ms, 'ms', ''),
      'baseline: nothing kept, the runs replayed': format(recovery.replayed, 'ms', ''),
      ratio: (ms / recovery.replayed).toFixed(2),
    })),
  );
}
const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  chromium: chromiumVersion,
  node: process.version,
  runs,
  date: new Date().toISOString(),
};
mkdirSync('test-results', { recursive: true });
writeFileSync(
  'test-results/bench.json',
  `${JSON.stringify({ machine, results, slow, recovery }, null, 2)}\n`,
);
console.log(`${JSON.stringify(machine)}\nWritten to test-results/bench.json.`);
