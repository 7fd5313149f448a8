// The recovery part of `npm run bench`: how soon a lesson is ready again after Cancel when the
// learner has built something big (3 million rows, about 110 MB of kept files). Measured, on a page
// that keeps its database: Cancel once a statement has run 3 s (a spare engine has read the kept
// files by then and takes over at once), and Cancel at once (a new engine reads the kept files
// without waiting for the stopped worker to let go of them: Chromium stops a worker busy in
// WebAssembly about 2 s after it is told to). Naive baseline, in the same run: the same Cancel in a
// second tab of the lesson, which keeps nothing (the first tab has the database), so the restart
// starts from the lesson's start and replays what the learner ran, the 3 million rows included.
// Each ends with the rows counted again.

const rows = 3_000_000;

const state = (page) =>
  page.evaluate(() => document.querySelector('.engine-status')?.getAttribute('data-state'));

async function waitState(page, wanted, timeout = 180_000) {
  await page.waitForFunction(
    (want) => document.querySelector('.engine-status')?.getAttribute('data-state') === want,
    wanted,
    { timeout },
  );
}

/** Types SQL into the console and runs it; `finish` waits for its result. */
async function inConsole(page, sql, finish = true) {
  await page.locator('.console').scrollIntoViewIfNeeded();
  await page.locator('.console .cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
  const before = await page.locator('.console-entry').count();
  await page.keyboard.press('Control+Enter');
  if (!finish) return '';
  await page.waitForFunction(
    (count) => {
      const entries = document.querySelectorAll('.console-entry');
      return (
        entries.length > count &&
        (entries[0]?.hasAttribute('data-observed') || !!entries[0]?.querySelector('.stopped'))
      );
    },
    before,
    { timeout: 180_000 },
  );
  return (await page.locator('.console-entry').first().textContent()) ?? '';
}

/** Cancels `SELECT pg_sleep(60)` after `afterMs`; the time from the press to Ready again. */
async function cancelAfter(page, afterMs) {
  await inConsole(page, 'SELECT pg_sleep(60)', false);
  await waitState(page, 'busy');
  await page.waitForTimeout(afterMs);
  const pressed = Date.now();
  await page.getByRole('button', { name: 'Cancel the console statement' }).click();
  await waitState(page, 'ready');
  const ms = Date.now() - pressed;
  const counted = await inConsole(page, 'SELECT count(*) FROM big');
  if (!counted.includes(String(rows)))
    throw new Error(`after Cancel, big did not have ${rows} rows: ${counted}`);
  return ms;
}

/** A page of the lesson with the big table built, the time limit raised so that Cancel is what stops. */
async function withBigTable(context, site, lesson, inMemory = false) {
  const page = await context.newPage();
  await page.goto(`${site}/lessons/${lesson}/`);
  await waitState(page, 'ready');
  if (inMemory) {
    await page
      .locator('.toolbar-message', { hasText: 'What you run here is not kept after you leave' })
      .waitFor({ timeout: 30_000 });
  }
  await page.locator('select[name="timeout"]').selectOption('60');
  const created = await inConsole(page, `CREATE TABLE big AS SELECT generate_series(1, ${rows}) AS n`);
  if (!created.includes(`SELECT ${rows}`)) throw new Error(`the big table was not created: ${created}`);
  return page;
}

/** Medians of `runs` runs: ready again after Cancel, from the kept files (3 s in, at once) and replaying. */
export async function measureRecovery(browser, { site, lesson, runs, median }) {
  const samples = { spare: [], atOnce: [], replayed: [] };
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const kept = await withBigTable(context, site, lesson);
    samples.atOnce.push(await cancelAfter(kept, 0));
    samples.spare.push(await cancelAfter(kept, 3000));
    if ((await state(kept)) !== 'ready') throw new Error('the page did not end ready');
    const inMemory = await withBigTable(context, site, lesson, true);
    samples.replayed.push(await cancelAfter(inMemory, 0));
    await context.close();
  }
  return {
    rows,
    spare: median(samples.spare),
    atOnce: median(samples.atOnce),
    replayed: median(samples.replayed),
    samples,
  };
}
