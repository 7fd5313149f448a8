// The slow-device part of `npm run bench`: one lesson opened in Chromium with the page's CPU slowed
// by DevTools' Emulation.setCPUThrottlingRate (4× stands for a mid-range phone), beside the same page
// unthrottled, on a first visit and on a visit after it (everything cached). For each: the time to
// Ready and to the first step's result, and where the time goes: the engine's files on the network,
// each status the page shows until Ready, the page's own main-thread work, the first query, and, on
// its own, compiling PostgreSQL's WebAssembly in a worker as the engine does.
//
// Chromium throttles only a page's main thread: for a dedicated worker, where the engine runs,
// Emulation.setCPUThrottlingRate answers "Operation is only supported for pages, not workers". The
// bench asks again each time it runs (`workerThrottled`) rather than assuming it.

/** The engine's big files: PostgreSQL's WebAssembly, its file bundle and the lesson snapshots. */
const engineFile = /\.(wasm|data)$|\/engine\/[^/]*\.tar\.gz$/;

/** Recorded in the page from its first script on: statuses shown, long tasks, a run's press and verdict. */
const instrument = () => {
  const slow = { statuses: [], tasks: [], press: Number.NaN, verdict: Number.NaN };
  window.__slow = slow;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      slow.tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver((records) => {
    const status = document.querySelector('.engine-status')?.textContent?.trim() ?? '';
    // A status's figures change as it goes ("3.1 MB of 40.8 MB"): it is named by its words up to "…".
    const name = status.replace(/…[\s\S]*$/, '…');
    if (name && slow.statuses.at(-1)?.name !== name) slow.statuses.push({ name, at: performance.now() });
    for (const record of records)
      for (const node of record.addedNodes)
        if (node instanceof Element && node.matches('.step-output .verdict') && Number.isNaN(slow.verdict))
          requestAnimationFrame((frame) => {
            slow.verdict = frame;
          });
  }).observe(document, { subtree: true, childList: true, characterData: true });
};

const median = (values) => {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : Number.NaN;
};

/**
 * Whether Chromium lets DevTools throttle a dedicated worker (it did not in version 156), asked on a
 * blank page of its own so that no other worker is attached meanwhile.
 */
async function workerThrottled(browser) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const answer = new Promise((resolve) => {
      cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
        const reply = JSON.parse(message);
        if (reply.id === 1) resolve(!reply.error);
      });
    });
    cdp.on('Target.attachedToTarget', ({ sessionId }) => {
      const send = (id, method, params = {}) =>
        cdp.send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method, params }),
        });
      send(1, 'Emulation.setCPUThrottlingRate', { rate: 1 })
        .then(() => send(2, 'Runtime.runIfWaitingForDebugger'))
        .catch(() => undefined);
    });
    await cdp.send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: true,
      flatten: false,
    });
    await page.evaluate(() => {
      new Worker(URL.createObjectURL(new Blob([''], { type: 'text/javascript' })));
    });
    // No answer at all would mean no worker was attached: then it was not throttled either.
    return await Promise.race([answer, new Promise((resolve) => setTimeout(() => resolve(false), 10_000))]);
  } finally {
    await context.close();
  }
}

/**
 * Milliseconds to compile PostgreSQL's WebAssembly in a worker, as the engine does (from the HTTP
 * cache: the file is not downloaded again).
 */
function compileInWorker(page, wasmUrl) {
  return page.evaluate(async (url) => {
    const code = `onmessage = async (event) => {
      const bytes = await (await fetch(event.data)).arrayBuffer();
      const started = performance.now();
      await WebAssembly.compile(bytes);
      postMessage(performance.now() - started);
    }`;
    const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    const ms = await new Promise((resolve) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.postMessage(new URL(url, location.href).href);
    });
    worker.terminate();
    return ms;
  }, wasmUrl);
}

/** Waits until the service worker controls the page and the engine's files are cached. */
async function settle(page) {
  for (let attempt = 0; attempt < 300; attempt++) {
    const done = await page.evaluate(async () => {
      if (!navigator.serviceWorker?.controller) return false;
      const names = await caches.keys();
      const engine = names.find((name) => name.startsWith('cqrs-engine-'));
      return (
        names.some((name) => name.startsWith('cqrs-site-')) &&
        !!engine &&
        (await (await caches.open(engine)).keys()).length >= 3
      );
    });
    if (done) break;
    await page.waitForTimeout(100);
  }
  await page.waitForTimeout(500);
}

/**
 * Opens the lesson, waits for Ready, then runs the first step not run yet (a visit after one may have
 * brought the database back) and waits for its verdict on screen. Times are from navigation start.
 */
async function visit(page, url, engineRequests) {
  engineRequests.length = 0;
  await page.goto(url);
  await page.waitForFunction(
    () => document.querySelector('.engine-status')?.getAttribute('data-state') === 'ready',
    null,
    {
      timeout: 300_000,
    },
  );
  const readyAt = await page.evaluate(
    () => performance.getEntriesByName('engine-ready').at(-1)?.startTime ?? performance.now(),
  );
  const step = page.locator('section.step:has(.step-state[data-state="not-run"]) .button-primary').first();
  await page.evaluate(() => {
    window.__slow.press = performance.now();
  });
  await step.press('Enter');
  await page.waitForFunction(() => Number.isFinite(window.__slow.verdict), null, { timeout: 300_000 });
  const { statuses, tasks, press, verdict, timeOrigin } = await page.evaluate(() => ({
    ...window.__slow,
    timeOrigin: performance.timeOrigin,
  }));
  // Each status lasts until the next one, the last until Ready.
  const phases = statuses
    .filter((status) => status.at <= readyAt && status.name !== 'Ready')
    .map((status, index, shown) => ({
      name: status.name,
      ms: (shown[index + 1]?.at ?? readyAt) - status.at,
    }));
  const requests = engineRequests.map(({ start, end }) => ({
    start: start - timeOrigin,
    end: end - timeOrigin,
  }));
  return {
    ready: readyAt,
    firstResult: verdict,
    query: verdict - press,
    pageStart: statuses[0]?.at ?? Number.NaN,
    mainThread: tasks.filter((task) => task.start < readyAt).reduce((sum, task) => sum + task.duration, 0),
    network: requests.length
      ? Math.max(...requests.map((r) => r.end)) - Math.min(...requests.map((r) => r.start))
      : 0,
    phases,
  };
}

/**
 * @param {import('playwright-core').Browser} browser
 * @param {{ site: string, lesson: string, wasmUrl: string, runs: number, rate?: number }} options
 * @returns {Promise<{ rows: { visit: string, what: string, unthrottled: number, throttled: number }[], workerThrottled: boolean }>}
 */
export async function measureSlowDevice(browser, { site, lesson, wasmUrl, runs, rate = 4 }) {
  const samples = { 1: [], [rate]: [] };
  for (let run = 0; run < runs; run++) {
    for (const throttle of [1, rate]) {
      const context = await browser.newContext();
      await context.addInitScript(instrument);
      const engineRequests = [];
      context.on('requestfinished', (request) => {
        if (!engineFile.test(new URL(request.url()).pathname)) return;
        const timing = request.timing();
        engineRequests.push({ start: timing.startTime, end: timing.startTime + timing.responseEnd });
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
      const url = `${site}/lessons/${lesson}/`;
      const first = await visit(page, url, engineRequests);
      await settle(page);
      const again = await visit(page, url, engineRequests);
      const compile = await compileInWorker(page, wasmUrl);
      samples[throttle].push({ first, again, compile });
      await context.close();
    }
  }
  const workerThrottledSeen = await workerThrottled(browser);
  const rows = [];
  const row = (visitName, what, pick) =>
    rows.push({
      visit: visitName,
      what,
      unthrottled: median(samples[1].map(pick)),
      throttled: median(samples[rate].map(pick)),
    });
  for (const [visitName, key] of [
    ['first visit', 'first'],
    ['visited', 'again'],
  ]) {
    row(visitName, 'Ready (ms from navigation)', (sample) => sample[key].ready);
    row(visitName, 'first result on screen (ms from navigation)', (sample) => sample[key].firstResult);
    row(visitName, '  page start-up, to the first status (ms)', (sample) => sample[key].pageStart);
    const names = [
      ...new Set(samples[rate].flatMap((sample) => sample[key].phases.map((phase) => phase.name))),
    ];
    for (const name of names)
      row(
        visitName,
        `  "${name}" shown (ms)`,
        // A status shown twice (the snapshot fetched after PostgreSQL started, say) counts twice.
        (sample) =>
          sample[key].phases.filter((phase) => phase.name === name).reduce((sum, phase) => sum + phase.ms, 0),
      );
    row(visitName, '  first query, Run → verdict (ms)', (sample) => sample[key].query);
    row(visitName, '  engine files on the network (ms)', (sample) => sample[key].network);
    row(visitName, '  page main thread, long tasks until Ready (ms)', (sample) => sample[key].mainThread);
  }
  row('either', 'compiling PostgreSQL’s WebAssembly in a worker (ms)', (sample) => sample.compile);
  return { rows, workerThrottled: workerThrottledSeen, samples };
}
