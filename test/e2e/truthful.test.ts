import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  browserPerTest,
  chromiumPath,
  editorOf,
  openInMemory,
  openLesson,
  pageErrors,
  runAllSteps,
  runInConsole,
  siteUrl,
  waitForStep,
  waitReady,
} from './support/browser';

const lesson = '/lessons/minimal-schema/';
const text = (page: Page, selector: string) => page.locator(selector).first().textContent();

/** Opens a page whose engine cannot start; waits for the page to say so. */
async function openBroken(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${siteUrl}${path}`);
  await page.waitForFunction(
    () => document.querySelector('.engine-status')?.getAttribute('data-state') === 'broken',
    null,
    {
      timeout: 60_000,
    },
  );
  return page;
}

describe.skipIf(!chromiumPath)('the page tells the truth about its database, in Chromium', () => {
  const suite = browserPerTest();

  describe('crashes', () => {
    test.each([
      [
        'a PL/pgSQL function calling itself',
        'CREATE FUNCTION f(n int) RETURNS int LANGUAGE plpgsql AS $$BEGIN RETURN f(n + 1); END$$; SELECT f(1);',
      ],
      [
        'a trigger inserting into its own table',
        'CREATE TABLE r (x int); CREATE FUNCTION again() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN INSERT INTO r VALUES (NEW.x + 1); RETURN NULL; END$$; CREATE TRIGGER again AFTER INSERT ON r FOR EACH ROW EXECUTE FUNCTION again(); INSERT INTO r VALUES (1);',
      ],
    ])('%s is stopped by PostgreSQL with 54001, and the database goes on working', async (_, sql) => {
      const page = await openLesson(suite.context, lesson);
      const entry = await runInConsole(page, sql);
      expect(await entry.getByRole('alert').first().textContent()).toContain(
        'Error 54001 statement_too_complex',
      );
      expect(await page.locator('.engine-status').getAttribute('data-state')).toBe('ready');
      const after = await runInConsole(page, 'SELECT 41 + 1 AS answer');
      expect(await after.locator('tbody td').allTextContents()).toEqual(['42']);
    });

    test('an SQL function calling itself breaks the engine before PostgreSQL can stop it: the page says so and restores the work', async () => {
      const page = await openLesson(suite.context, lesson);
      await runAllSteps(page);
      const entry = await runInConsole(
        page,
        "CREATE FUNCTION g(n int) RETURNS int LANGUAGE sql AS 'SELECT g(n + 1)'; SELECT g(1);",
      );
      expect(await entry.locator('.stopped').textContent()).toMatch(
        /^PostgreSQL broke while running it \(.+\)\. It was restarted/,
      );
      await waitReady(page);
      const users = await runInConsole(page, 'SELECT email FROM users_0');
      expect(await users.locator('tbody td').allTextContents()).toEqual(['foo@example.com']);
    });

    test('raising the stack limit to break the engine is detected as a crash: restarted, work restored, the breaking statement not kept', async () => {
      const page = await openLesson(suite.context, lesson);
      await runAllSteps(page);
      const entry = await runInConsole(
        page,
        "SET max_stack_depth = '7MB'; CREATE FUNCTION deep(n int) RETURNS int LANGUAGE plpgsql AS $$BEGIN RETURN deep(n + 1); END$$; SELECT deep(1);",
      );
      expect(await entry.locator('.stopped').textContent()).toMatch(
        /^PostgreSQL broke while running it \(.+\)\. It was restarted from your kept database, as it was after your last finished statement/,
      );
      await waitReady(page);
      const users = await runInConsole(page, 'SELECT email FROM users_0');
      expect(await users.locator('tbody td').allTextContents()).toEqual(['foo@example.com']);
      const gone = await runInConsole(page, 'SELECT deep(1)');
      expect(await gone.getByRole('alert').first().textContent()).toContain('Error 42883');
      expect(await text(page, '.engine-status')).not.toContain('[object Object]');
    });

    test('COPY … PROGRAM, which would break the engine, is refused with a reason', async () => {
      const page = await openLesson(suite.context, lesson);
      await runAllSteps(page);
      const entry = await runInConsole(page, "COPY users_0 TO PROGRAM 'ls'");
      expect(await entry.getByRole('alert').first().textContent()).toMatch(
        /Error 0A000.*COPY … PROGRAM runs a program/s,
      );
      const after = await runInConsole(page, 'SELECT count(*) AS n FROM users_0');
      expect(await after.locator('tbody td').allTextContents()).toEqual(['1']);
    });
  });

  describe('missing engine files', () => {
    test.each([
      ['the WebAssembly file', '**/pglite-*.wasm'],
      ['the file-system bundle', '**/pglite-*.data'],
    ])(
      'without %s, the page says so, every control settles, and nothing reads [object Object]',
      async (_, pattern) => {
        await suite.context.route(pattern, (route) => route.fulfill({ status: 404, body: 'gone' }));
        const page = await openBroken(suite.context, lesson);
        expect(await text(page, '.engine-status')).toMatch(
          /^PostgreSQL could not start: .*answered HTTP 404\. Reload the page to try again/,
        );
        await page.locator('#step-register-foo .button-primary').press('Enter');
        await page.locator('#step-register-foo .stopped').waitFor();
        expect(await text(page, '#step-register-foo .stopped')).toMatch(
          /^Not run: PostgreSQL could not start/,
        );
        expect(await page.locator('#step-register-foo .step-state').getAttribute('data-state')).toBe(
          'not-run',
        );
        const entry = await runInConsole(page, 'SELECT 1');
        expect(await entry.locator('.stopped').textContent()).toMatch(/^Not run: PostgreSQL could not start/);
        await page.getByRole('button', { name: 'Reset lesson' }).click();
        await page.waitForFunction(() =>
          document.querySelector('.toolbar-message')?.textContent?.startsWith('Reset failed'),
        );
        expect(await page.locator('body').textContent()).not.toContain('[object Object]');
        expect(pageErrors(page)).toEqual([]);
      },
    );
  });

  describe('transactions', () => {
    test('an open transaction is shown, and a lesson step does not silently join it: the learner decides', async () => {
      const page = await openLesson(suite.context, lesson);
      await runInConsole(page, 'BEGIN; CREATE TABLE mine (x int)');
      expect(await text(page, '.transaction-status')).toMatch(
        /^Transaction open \(begun by a console statement\)/,
      );
      await page.getByRole('button', { name: 'Run all steps' }).click();
      const decision = page.getByRole('group', { name: 'A decision is needed' });
      await decision.waitFor();
      expect(await decision.textContent()).toMatch(
        /A transaction you began outside the lesson’s steps is still open/,
      );
      await decision.getByRole('button', { name: 'Roll it back, then run' }).click();
      await waitForStep(page, 'deleting-history-is-refused');
      expect(await page.locator('.transaction-status').isVisible()).toBe(false);
      const gone = await runInConsole(page, 'SELECT * FROM mine');
      expect(await gone.getByRole('alert').first().textContent()).toContain('Error 42P01');
    });

    test('a failure that rolls back an open migration marks the steps it undid, and says so', async () => {
      const page = await openLesson(suite.context, '/lessons/usernames/');
      for (const id of ['begin-the-migration-and-lock-what-it-reads', 'create-user-registered-1']) {
        await page.locator(`#step-${id} .button-primary`).press('Enter');
        await waitForStep(page, id);
      }
      expect(await text(page, '.transaction-status')).toMatch(/^Transaction open \(begun by Step 1\)/);
      await runInConsole(page, 'SELECT 1/0');
      await page.waitForFunction(() =>
        document.querySelector('.toolbar-message')?.textContent?.includes('undone'),
      );
      expect(await text(page, '.toolbar-message')).toBe(
        '2 steps (1, 2) undone. The transaction they ran in was rolled back.',
      );
      for (const id of ['begin-the-migration-and-lock-what-it-reads', 'create-user-registered-1']) {
        expect(await page.locator(`#step-${id} .step-state`).getAttribute('data-state')).toBe('not-run');
        expect(await text(page, `#step-${id} .undone-note`)).toMatch(
          /^Undone: The transaction they ran in was rolled back/,
        );
      }
    });
  });

  describe('restarts', () => {
    test('in a tab that works in memory, a restart replays only what could have changed something, and says how much it left out', async () => {
      const page = await openInMemory(suite.context, lesson);
      await runInConsole(page, 'CREATE TABLE kept (x int)');
      await runInConsole(page, 'SELECT pg_sleep(0.5)');
      await runInConsole(page, 'SELECT pg_sleep(0.5)');
      await page.locator('.console').scrollIntoViewIfNeeded();
      await page.locator('.console .cm-content').click();
      await page.keyboard.insertText('SELECT pg_sleep(60)');
      await page.keyboard.press('Control+Enter');
      const cancel = page.locator('.console').getByRole('button', { name: 'Cancel the console statement' });
      await cancel.waitFor({ state: 'visible' });
      await cancel.click();
      await page.locator('.console-entry .stopped').first().waitFor({ timeout: 60_000 });
      const said = await text(page, '.console-entry .stopped');
      expect(said, said ?? '').toMatch(
        /^You cancelled the statement\. It was restarted and your 1 earlier statement replayed, 2 plain reads left out, in \d+ ms\.$/,
      );
    });

    test('in a tab that works in memory, a long restore can be stopped: the database is back at the lesson’s start, and the page says so', async () => {
      const page = await openInMemory(suite.context, lesson);
      await page.getByLabel('Stop statements after').selectOption('60');
      await runInConsole(page, 'CREATE TABLE big AS SELECT g FROM generate_series(1, 2500000) AS g');
      await page.locator('.console .cm-content').click();
      await page.keyboard.insertText('SELECT pg_sleep(60)');
      await page.keyboard.press('Control+Enter');
      const cancel = page.locator('.console').getByRole('button', { name: 'Cancel the console statement' });
      await cancel.waitFor({ state: 'visible' });
      await cancel.click();
      const stop = page.getByRole('button', { name: 'Stop restoring' });
      await stop.waitFor({ state: 'visible', timeout: 30_000 });
      await stop.click();
      await page.locator('.console-entry .stopped').first().waitFor({ timeout: 60_000 });
      expect(await text(page, '.console-entry .stopped')).toMatch(
        /Restoring your earlier work was cancelled: the database is back at the lesson's start/,
      );
      await waitReady(page);
      const gone = await runInConsole(page, 'SELECT count(*) FROM big');
      expect(await gone.getByRole('alert').first().textContent()).toContain('Error 42P01');
    });
  });

  describe('big output', () => {
    test('10,000 statements show the first 50 and count the rest', async () => {
      const page = await openLesson(suite.context, lesson);
      const entry = await runInConsole(page, 'SELECT 1;'.repeat(10_000));
      expect(await entry.locator('.statement').count()).toBe(50);
      expect(await entry.locator('.outcome-note', { hasText: 'more statements ran' }).textContent()).toBe(
        '9,950 more statements ran; only the first 50 are shown.',
      );
    });

    test('a 50-million-character value arrives cut, with its true length, and the page goes on working', async () => {
      const page = await openLesson(suite.context, lesson);
      const entry = await runInConsole(page, "SELECT repeat('x', 50000000) AS huge");
      const cell = entry.locator('tbody td').first();
      expect(await cell.locator('span').first().textContent()).toBe(`${'x'.repeat(300)}…`);
      expect(await cell.locator('.cell-note').textContent()).toBe(
        ' (50,000,000 characters in all; only the first 10,000 were sent to the page)',
      );
      const after = await runInConsole(page, 'SELECT 2 AS two');
      expect(await after.locator('tbody td').allTextContents()).toEqual(['2']);
    });
  });

  describe('smaller things', () => {
    test.each(['Infinity', '0.001', 'banana'])(
      'a stored time limit of %s is ignored for the default',
      async (stored) => {
        await suite.context.addInitScript(
          (value) => localStorage.setItem('cqrs-in-postgres:timeout-seconds', value),
          stored,
        );
        const page = await openLesson(suite.context, lesson);
        expect(await page.getByLabel('Stop statements after').inputValue()).toBe('5');
      },
    );

    test('SET search_path does not make What changed report the tables as dropped', async () => {
      const page = await openLesson(suite.context, lesson);
      await runAllSteps(page);
      const entry = await runInConsole(
        page,
        "SET search_path = nothing; INSERT INTO public.user_registered_0 (email, password_hash) VALUES ('sp@example.com', 'h')",
      );
      expect(await entry.locator('.change p').allTextContents()).toEqual([
        'user_registered_0: 1 row added',
        'users_0: 1 row added',
      ]);
    });

    test("the console's Cancel never stops a step", async () => {
      const page = await openLesson(suite.context, lesson);
      const editor = await editorOf(page, 'read-foo-from-users-0');
      await editor.click();
      await page.keyboard.press('Control+A');
      // Long enough that the console's statement is still queued behind it, under the 5 s time limit.
      await page.keyboard.insertText('SELECT pg_sleep(3)');
      await page.locator('#step-read-foo-from-users-0 .button-primary').press('Enter');
      await page.waitForFunction(
        () =>
          document.querySelector('#step-read-foo-from-users-0 .step-state')?.getAttribute('data-state') ===
          'running',
      );
      await page.locator('.console').scrollIntoViewIfNeeded();
      await page.locator('.console .cm-content').click();
      await page.waitForFunction(() => !!document.activeElement?.closest('.console'));
      await page.keyboard.insertText('SELECT 1');
      await page.keyboard.press('Control+Enter');
      await page.locator('.console').getByRole('button', { name: 'Cancel the console statement' }).click();
      await waitForStep(page, 'read-foo-from-users-0');
      expect(await page.locator('#step-read-foo-from-users-0 .stopped').count()).toBe(0);
      expect(await text(page, '#step-read-foo-from-users-0 .verdict')).toMatch(/^Returned 1 row/);
    });

    test('editing a step in two tabs: the other tab says so and lets the learner choose', async () => {
      const first = await openLesson(suite.context, lesson);
      const second = await openLesson(suite.context, lesson);
      await (await editorOf(first, 'read-foo-from-users-0')).click();
      await first.keyboard.press('End');
      await first.keyboard.insertText(' -- from the first tab');
      await second.locator('#step-read-foo-from-users-0 .step-notice').waitFor();
      expect(await text(second, '#step-read-foo-from-users-0 .step-notice')).toMatch(
        /^This step was just edited in another tab/,
      );
      await second.getByRole('button', { name: 'Use that version' }).click();
      // Taking the other version opens the editor with it.
      await expect
        .poll(() => second.locator('#step-read-foo-from-users-0 .cm-content').textContent())
        .toContain('-- from the first tab');
    });

    test("a NOTICE's detail is shown", async () => {
      const page = await openLesson(suite.context, lesson);
      const entry = await runInConsole(
        page,
        "DO $$ BEGIN RAISE NOTICE 'about to' USING DETAIL = 'the detail', HINT = 'a hint'; END $$",
      );
      expect(await entry.locator('.notice').textContent()).toBe(
        'NOTICE: about to Detail: the detail Hint: a hint',
      );
    });

    test('a new table too big to list is reported with its true number of rows', async () => {
      const page = await openLesson(suite.context, lesson);
      const entry = await runInConsole(
        page,
        'CREATE TABLE lots AS SELECT g FROM generate_series(1, 3000) AS g',
      );
      expect(await entry.locator('.change p').first().textContent()).toBe('lots: created, 3,000 rows');
    });

    test('a damaged edit that storage will not let be set aside is said to stay where it is', async () => {
      await suite.context.addInitScript(() => {
        localStorage.setItem('cqrs-in-postgres:edit:v1:minimal-schema:register-foo', '{"sql": broken');
        const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key: string, value: string) {
          if (key.endsWith(':unreadable')) throw new DOMException('full', 'QuotaExceededError');
          setItem.call(this, key, value);
        };
      });
      const page = await openLesson(suite.context, lesson);
      expect(await text(page, '#step-register-foo .step-notice')).toMatch(
        /storage would not let it be set aside, so it stays under "cqrs-in-postgres:edit:v1:minimal-schema:register-foo" and is ignored/,
      );
    });

    test('\\d of a missing table says so in psql’s words, with no internal detail or unrelated hint', async () => {
      const page = await openLesson(suite.context, lesson);
      const entry = await runInConsole(page, '\\d nosuch');
      const alert = (await entry.getByRole('alert').first().textContent()) ?? '';
      expect(alert).toBe('Error 42P01 undefined_table: Did not find any relation named "nosuch".');
      expect(await entry.locator('.outcome-note', { hasText: 'not run yet' }).count()).toBe(0);
    });
  });
});
