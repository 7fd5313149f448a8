import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  browserPerTest,
  chromiumPath,
  consoleRows,
  newContext,
  openLesson,
  pageErrors,
  runAllSteps,
  runInConsole,
  waitForStep,
  waitReady,
} from './support/browser';

const lesson = '/lessons/minimal-schema/';
const keptRunsKey = 'cqrs-in-postgres:kept-runs:v1:minimal-schema';

/** Every step's state on the page, by step id. */
const stepStates = (page: Page) =>
  page
    .locator('section.step')
    .evaluateAll((sections) =>
      Object.fromEntries(
        sections.map((section) => [
          section.id,
          section.querySelector('.step-state')?.getAttribute('data-state') ?? '',
        ]),
      ),
    );

/** Waits until the page has written down `count` step states beside its kept database. */
async function waitKept(page: Page, count: number) {
  const kept = () =>
    page.evaluate((key) => {
      const raw = localStorage.getItem(key);
      return raw ? Object.keys((JSON.parse(raw) as { steps: object }).steps).length : 0;
    }, keptRunsKey);
  await expect.poll(kept, { timeout: 60_000, interval: 200 }).toBe(count);
}

const statusOf = (page: Page) => page.locator('.engine-status').textContent();
const toolbarSays = (page: Page) => page.locator('.toolbar-message').textContent();

/** Types SQL into the console and starts it, without waiting for it to end. */
async function startInConsole(page: Page, sql: string) {
  await page.locator('.console').scrollIntoViewIfNeeded();
  await page.locator('.console .cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
  await page.keyboard.press('Control+Enter');
}

describe.skipIf(!chromiumPath)('the learner’s database is kept between visits, in Chromium', () => {
  const suite = browserPerTest();

  test.each([
    ['1280×900', { width: 1280, height: 900 }],
    ['375×812', { width: 375, height: 812 }],
  ] as const)(
    'at %s, after running every step, a reload brings the database back and the steps say they ran',
    async (_, size) => {
      const context = await newContext(suite.browser, size);
      const page = await openLesson(context, lesson);
      await runAllSteps(page);
      const states = await stepStates(page);
      const ran = Object.values(states).filter((state) => state !== 'not-run').length;
      expect(ran).toBe(Object.keys(states).length);
      await waitKept(page, ran);

      await page.reload();
      await waitReady(page);
      expect(await statusOf(page)).toBe('Ready: your database, as you left it');
      expect(await stepStates(page)).toEqual(states);
      expect(await toolbarSays(page)).toMatch(
        /^Your database is as you left it \(started .+\): \d+ steps \(1, 2, /,
      );
      // The console sees what the steps built: nothing was replayed, the files were kept.
      const rows = await consoleRows(page, 'SELECT count(*) AS users FROM users_0');
      expect(Number(rows[0]?.[0])).toBeGreaterThan(0);
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    },
  );

  test('"Reset lesson" starts the kept database afresh, and a reload keeps it so', async () => {
    const page = await openLesson(suite.context, lesson);
    await runAllSteps(page);
    await page.getByRole('button', { name: 'Reset lesson' }).click();
    await expect
      .poll(() => toolbarSays(page), { timeout: 60_000 })
      .toBe('The lesson was reset: the database is back at its starting state. Your edits are kept.');
    await page.reload();
    await waitReady(page);
    expect(new Set(Object.values(await stepStates(page)))).toEqual(new Set(['not-run']));
    const entry = await runInConsole(page, 'SELECT count(*) FROM users_0');
    expect(await entry.getByRole('alert').first().textContent()).toContain('42P01');
  });

  test('after Cancel, a 3-million-row table comes back from the kept files, not by replaying it, and what runs next is kept', async () => {
    const page = await openLesson(suite.context, lesson);
    // Building 3 million rows takes longer than the default time limit on a busy machine.
    await page.locator('select[name="timeout"]').selectOption('60');
    const created = await runInConsole(page, 'CREATE TABLE big AS SELECT generate_series(1, 3000000) AS n');
    expect(await created.textContent()).toContain('SELECT 3000000');
    // Cancelled at once with a double click (no spare engine has started yet), then after 8 s (one has
    // read the kept files).
    for (const waitMs of [0, 8000]) {
      await startInConsole(page, 'SELECT pg_sleep(60)');
      await page.waitForFunction(
        () => document.querySelector('.engine-status')?.getAttribute('data-state') === 'busy',
      );
      await page.waitForTimeout(waitMs);
      const cancelled = Date.now();
      // Pressed twice, as an impatient learner does: the second press must not abandon the restart.
      const cancel = page.getByRole('button', { name: 'Cancel the console statement' });
      if (waitMs === 0) await cancel.dblclick();
      else await cancel.click();
      await waitReady(page, 120_000);
      // A figure for the record, not a limit: these machines are shared.
      console.log(
        `Cancelled after ${waitMs} ms: ready again ${Date.now() - cancelled} ms later, 3,000,000 rows kept`,
      );
      expect(await page.locator('.console-entry').first().textContent()).toMatch(
        /You cancelled the statement\. It was restarted from your kept database, as it was after your last finished statement, in \d+ ms\./,
      );
      const entry = await runInConsole(page, 'SELECT count(*) AS n FROM big');
      expect(await entry.textContent()).toContain('3000000');
    }
    // The spare served at once and wrote to the kept files only once the stopped engine had let go:
    // a step run right after is kept all the same, and a reload finds it beside the 3 million rows.
    const first = page.locator('section.step').first();
    const id = ((await first.getAttribute('id')) ?? '').replace(/^step-/, '');
    await first.locator('.button-primary').first().click();
    await waitForStep(page, id);
    await waitKept(page, 1);
    await page.reload();
    await waitReady(page, 120_000);
    expect((await stepStates(page))[`step-${id}`]).not.toBe('not-run');
    const entry = await runInConsole(page, 'SELECT count(*) AS n FROM big');
    expect(await entry.textContent()).toContain('3000000');
    expect(pageErrors(page)).toEqual([]);
  });

  test('a second Cancel while the first one’s spare has not yet written to the kept files brings back every run once', async () => {
    const page = await openLesson(suite.context, lesson);
    await runInConsole(page, 'CREATE TABLE marks (n int)');
    const cancelAfter = async (ms: number) => {
      await startInConsole(page, 'SELECT pg_sleep(60)');
      await page.waitForFunction(
        () => document.querySelector('.engine-status')?.getAttribute('data-state') === 'busy',
      );
      await page.waitForTimeout(ms);
      await page.getByRole('button', { name: 'Cancel the console statement' }).click();
      await waitReady(page, 120_000);
    };
    // A spare is ready by then; the stopped engine lets go of the files about 2 s after the Cancel.
    await cancelAfter(3000);
    await runInConsole(page, 'INSERT INTO marks VALUES (1)');
    // Cancelled again at once: the engine stopped now may or may not have written its runs yet.
    await cancelAfter(0);
    expect(await consoleRows(page, 'SELECT count(*) FROM marks')).toEqual([['1']]);
    await runInConsole(page, 'INSERT INTO marks VALUES (2)');
    // The new engine served at once; the kept files catch up once the stopped one has let go.
    await page.locator('[data-saving="kept"]').waitFor({ timeout: 60_000 });
    await page.reload();
    await waitReady(page, 120_000);
    expect(await consoleRows(page, 'SELECT n FROM marks ORDER BY n')).toEqual([['1'], ['2']]);
    expect(pageErrors(page)).toEqual([]);
  });

  test('a visit after a page was left while its last runs were still to be kept says how many, once', async () => {
    const page = await openLesson(suite.context, lesson);
    // What the page records when it is left while a new engine is still taking over after a Cancel.
    await page.evaluate(() =>
      localStorage.setItem('cqrs-in-postgres:unsaved-on-leave:v1:minimal-schema', '2'),
    );
    await page.reload();
    await waitReady(page, 120_000);
    const notice = page.locator('.toolbar-message', {
      hasText: '2 runs made just before you left had not been saved yet',
    });
    await notice.waitFor({ timeout: 30_000 });
    await page.reload();
    await waitReady(page, 120_000);
    await page
      .locator('.toolbar-message', { hasText: 'Your database is as you left it' })
      .waitFor({ timeout: 30_000 });
    expect(await notice.count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  test('once the usernames migration is committed, a restart does not run its BEGIN and LOCK again: no transaction is left open behind the page', async () => {
    const page = await openLesson(suite.context, '/lessons/usernames/');
    const last = ((await page.locator('section.step').last().getAttribute('id')) ?? '').replace(/^step-/, '');
    await runAllSteps(page, last);
    await startInConsole(page, 'SELECT pg_sleep(60)');
    await page.waitForFunction(
      () => document.querySelector('.engine-status')?.getAttribute('data-state') === 'busy',
    );
    await page.getByRole('button', { name: 'Cancel the console statement' }).click();
    await waitReady(page, 120_000);
    // Inside a transaction begun earlier, now() is that transaction's start, not this statement's.
    const fresh = await consoleRows(page, 'SELECT (now() = statement_timestamp())::text AS own_transaction');
    expect(fresh).toEqual([['true']]);
    expect(pageErrors(page)).toEqual([]);
  });

  test('a second tab of the same lesson works in memory and says so; progress from both tabs adds up', async () => {
    const first = await openLesson(suite.context, lesson);
    const second = await openLesson(suite.context, lesson);
    await expect
      .poll(() => toolbarSays(second))
      .toBe(
        'What you run here is not kept after you leave: this lesson is open in another tab, which keeps its database.',
      );
    await runAllSteps(first);
    const firstStep = second.locator('section.step').first();
    await firstStep.locator('.button-primary').first().click();
    await expect.poll(() => firstStep.locator('.step-state').getAttribute('data-state')).not.toBe('running');
    const done = await first.evaluate(() => localStorage.getItem('cqrs-in-postgres:progress:v1'));
    const steps = Object.keys(
      (JSON.parse(done ?? '{}') as { lessons: Record<string, { steps: object }> }).lessons['minimal-schema']
        ?.steps ?? {},
    );
    expect(steps.length).toBe(await first.locator('section.step').count());
  });

  test('Reset goes ahead while a question waits for an answer, and says so', async () => {
    const page = await openLesson(suite.context, lesson);
    await runInConsole(page, 'BEGIN');
    const firstStep = page.locator('section.step').first();
    await firstStep.locator('.button-primary').first().click();
    const question = page.locator('.decision');
    await question.waitFor();
    await page.getByRole('button', { name: 'Reset lesson' }).click();
    await expect.poll(() => question.count()).toBe(0);
    await expect
      .poll(() => toolbarSays(page), { timeout: 60_000 })
      .toBe('The lesson was reset: the database is back at its starting state. Your edits are kept.');
    expect(await page.locator('.engine-status').getAttribute('data-state')).toBe('ready');
  });

  test('a page open across a deploy says the course was updated when it needs a file the server no longer has', async () => {
    const page = await openLesson(suite.context, lesson);
    await suite.context.route('**/engine/*.tar.gz', (route) =>
      route.fulfill({ status: 404, body: 'Not found' }),
    );
    await page.evaluate(async () => {
      for (const name of await caches.keys()) await caches.delete(name);
    });
    await page.getByRole('button', { name: 'Reset lesson' }).click();
    await expect
      .poll(() => statusOf(page), { timeout: 120_000 })
      .toMatch(/^Ready, but the course has been updated since this page was opened: reload the page/);
    const rows = await consoleRows(
      page,
      'SELECT count(*) AS tables FROM pg_tables WHERE schemaname = $$public$$',
    );
    expect(rows.length).toBe(1);
  });
});
