import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  browserPerTest,
  chromiumPath,
  editorOf,
  newContext,
  openLesson,
  pageErrors,
  runAllSteps,
  runInConsole,
  waitForStep,
  waitReady,
} from './support/browser';

const lesson = '/lessons/minimal-schema/';
const stepState = (page: Page, id: string) =>
  page.locator(`#step-${id} .step-state`).getAttribute('data-state');

describe.skipIf(!chromiumPath)('the lesson page in Chromium', () => {
  const suite = browserPerTest();

  test('runs an edited step with Ctrl+Enter, keeps the edit across a reload, and can compare and restore it', async () => {
    const page = await openLesson(suite.context, lesson);
    const editor = await editorOf(page, 'read-foo-from-users-0');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('SELECT email AS who FROM users_0;');
    await page.keyboard.press('Control+Enter');
    await waitForStep(page, 'read-foo-from-users-0');
    const output = page.locator('#step-read-foo-from-users-0 .step-output');
    expect(await output.locator('.run-note').textContent()).toMatch(
      /^Steps 1, 2, 3, 4, 5, 6 had not run yet/,
    );
    // Other columns than the lesson expects: the rows come back beside the expected ones.
    expect(await output.locator('.mismatch-side').nth(1).locator('tbody td').allTextContents()).toEqual([
      'differs: foo@example.com',
    ]);
    expect(await page.locator('#step-read-foo-from-users-0 .step-edited').isVisible()).toBe(true);

    await page.reload();
    await waitReady(page);
    expect(await editor.textContent()).toBe('SELECT email AS who FROM users_0;');
    expect(await page.locator('#step-read-foo-from-users-0 .step-edited').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Compare with original' }).click();
    expect(await page.locator('#step-read-foo-from-users-0 .cm-deletedChunk').textContent()).toContain(
      'SELECT id, email, password_hash FROM users_0;',
    );
    await page.getByRole('button', { name: 'Restore original SQL of step 7, Read foo from users_0' }).click();
    expect(await editor.textContent()).toBe('SELECT id, email, password_hash FROM users_0;');
    await page.reload();
    await waitReady(page);
    // Nothing edited any more: the highlighted original is back, with no editor until one is wanted.
    expect((await page.locator('#step-read-foo-from-users-0 .step-sql').textContent())?.trim()).toBe(
      'SELECT id, email, password_hash FROM users_0;',
    );
    expect(await page.locator('#step-read-foo-from-users-0 .step-edited').isVisible()).toBe(false);
    expect(pageErrors(page)).toEqual([]);
  });

  test('cancels SELECT pg_sleep(60), stays usable while it runs, and restores the state from before it', async () => {
    const page = await openLesson(suite.context, lesson);
    await runAllSteps(page);
    const entry = page.locator('.console-entry');
    await page.locator('.console').scrollIntoViewIfNeeded();
    await page.locator('.console .cm-content').click();
    await page.keyboard.insertText('SELECT pg_sleep(60)');
    await page.keyboard.press('Control+Enter');
    const cancel = page.locator('.console').getByRole('button', { name: 'Cancel' });
    await cancel.waitFor({ state: 'visible' });
    // The engine runs in a worker: the page keeps responding to typing meanwhile.
    await (await editorOf(page, 'register-foo')).click();
    await page.keyboard.press('End');
    await page.keyboard.insertText(' -- typed while the query ran');
    expect(await page.locator('#step-register-foo .cm-content').textContent()).toContain(
      '-- typed while the query ran',
    );
    await cancel.click();
    await entry.first().locator('.stopped').waitFor();
    expect(await entry.first().locator('.stopped').textContent()).toMatch(
      /^You cancelled the statement\. It was restarted from your kept database, as it was after your last finished statement/,
    );
    await waitReady(page);
    const after = await runInConsole(page, 'SELECT id, email FROM users_0');
    expect(await after.locator('tbody td').allTextContents()).toEqual(['0', 'foo@example.com']);
    expect(pageErrors(page)).toEqual([]);
  });

  test('stops an endless recursive query at the time limit, and a huge generate_series on Cancel', async () => {
    const page = await openLesson(suite.context, lesson);
    await page.getByLabel('Stop statements after').selectOption('2');
    const endless = await runInConsole(
      page,
      'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r',
    );
    expect(await endless.locator('.stopped').textContent()).toMatch(
      /^The statement ran longer than 2 s and was stopped\. It was restarted from your kept database, as it was after your last finished statement/,
    );
    await waitReady(page);

    await page.getByLabel('Stop statements after').selectOption('60');
    await page.locator('.console .cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('SELECT generate_series(1, 100000000)');
    await page.keyboard.press('Control+Enter');
    const cancel = page.locator('.console').getByRole('button', { name: 'Cancel' });
    await cancel.waitFor({ state: 'visible' });
    await cancel.click();
    await page.locator('.console-entry').first().locator('.stopped').waitFor();
    await waitReady(page);
    const after = await runInConsole(page, 'SELECT 1 AS one');
    expect(await after.locator('tbody td').allTextContents()).toEqual(['1']);
  });

  test('shows values as text, never as HTML, and odd text intact', async () => {
    const page = await openLesson(suite.context, lesson);
    const entry = await runInConsole(
      page,
      "SELECT '<img src=x onerror=alert(1)>' AS markup, 'שלום 👋 Grüße' AS text, NULL AS nothing, 'NULL' AS word",
    );
    expect(await entry.locator('tbody td').allTextContents()).toEqual([
      '<img src=x onerror=alert(1)>',
      'שלום 👋 Grüße',
      'NULLnull value',
      'NULL',
    ]);
    expect(await entry.locator('tbody td.null').count()).toBe(1);
    // The editor draws an empty <img> of its own; the output must have none.
    expect(await page.locator('.console-log img').count()).toBe(0);

    const long = await runInConsole(page, "SELECT repeat('ab', 600) AS long");
    const cell = long.locator('tbody td');
    expect((await cell.textContent())?.startsWith(`${'ab'.repeat(150)}… Show all`)).toBe(true);
    await cell.getByRole('button', { name: 'Show all 1,200 characters' }).click();
    expect(await cell.locator('span').first().textContent()).toBe('ab'.repeat(600));
    expect(await cell.getByRole('button').getAttribute('aria-expanded')).toBe('true');
    expect(pageErrors(page)).toEqual([]);
  });

  test('caps a 100,000-row result and says how many rows are not shown', async () => {
    const page = await openLesson(suite.context, lesson);
    const entry = await runInConsole(page, 'SELECT g FROM generate_series(1, 100000) AS g');
    expect(await entry.locator('tbody tr').count()).toBe(500);
    expect(await entry.locator('.statement-tag').textContent()).toBe('SELECT 100000 · 100,000 rows');
    expect(await entry.locator('.outcome-note', { hasText: 'not shown' }).textContent()).toBe(
      '99,500 more rows not shown (100,000 rows in all).',
    );
    const after = await runInConsole(page, 'SELECT 2 AS two');
    expect(await after.locator('tbody td').allTextContents()).toEqual(['2']);
  });

  test('gives clear messages for an empty editor, a NUL byte, a syntax error and psql commands', async () => {
    const page = await openLesson(suite.context, lesson);
    expect(
      await (await runInConsole(page, '-- only a comment')).locator('.outcome-empty').textContent(),
    ).toMatch(/^Nothing to run/);
    expect(await (await runInConsole(page, "SELECT 'a\u0000b'")).getByRole('alert').textContent()).toMatch(
      /Error 22021.*NUL character/,
    );
    const syntax = await runInConsole(page, 'SELECT 1;\nSELEC 2');
    expect(await syntax.getByRole('alert').textContent()).toContain(
      'Error 42601 syntax_error: syntax error at or near "SELEC"',
    );
    expect(await page.locator('.console .cm-sql-error').textContent()).toBe('SELEC');
    await runAllSteps(page);
    const described = await runInConsole(page, '\\d users_0');
    expect(await described.locator('.describe-title').textContent()).toBe('Table "public.users_0"');
    expect(await described.locator('.describe tbody tr td:first-child').allTextContents()).toEqual([
      'id',
      'email',
      'password_hash',
    ]);
    expect(await described.locator('.describe-section').allTextContents()).toEqual(['Indexes:']);
    expect(await (await runInConsole(page, '\\l')).getByRole('alert').textContent()).toContain(
      '\\l is a psql command, not SQL',
    );
  });

  test.each([1280, 375])(
    'turns the highlighted SQL into an editor of the same height at %i px, so the page does not jump',
    async (width) => {
      const sized = await newContext(suite.browser, { width });
      const page = await openLesson(sized, lesson);
      const ids = await page
        .locator('section.step')
        .evaluateAll((nodes) => nodes.map((node) => node.id.slice(5)));
      const heightOf = (selector: string) =>
        page.locator(selector).evaluate((node) => Math.round(node.getBoundingClientRect().height));
      const changes: number[] = [];
      for (const id of ids) {
        const before = await heightOf(`#step-${id} .step-sql`);
        await editorOf(page, id);
        changes.push(Math.abs((await heightOf(`#step-${id} .step-editor`)) - before));
      }
      await sized.close();
      expect(changes.map((change) => change <= 2)).toEqual(ids.map(() => true));
    },
  );

  test('ignores a damaged saved edit with a notice and shows the original SQL', async () => {
    await suite.context.addInitScript(() => {
      localStorage.setItem('cqrs-in-postgres:edit:v1:minimal-schema:register-foo', '{"sql": broken');
    });
    const page = await openLesson(suite.context, lesson);
    expect(await page.locator('#step-register-foo .step-notice').textContent()).toMatch(
      /could not be read and was set aside/,
    );
    // No edit to show: the highlighted original stays until the learner edits it.
    expect(await page.locator('#step-register-foo .step-sql').textContent()).toContain(
      "VALUES ('foo@example.com'",
    );
    expect(pageErrors(page)).toEqual([]);
  });

  test('queues rapid clicks in order, and Reset lesson returns to the starting state', async () => {
    const page = await openLesson(suite.context, lesson);
    for (const id of [
      'create-a-guard-for-history',
      'create-the-write-table',
      'create-the-read-table',
      'create-the-write-table',
    ]) {
      await page.locator(`#step-${id} .button-primary`).press('Enter');
    }
    // The fourth click queued a second run of "Create the write table"; only its end says "failed".
    await expect.poll(() => stepState(page, 'create-the-write-table'), { timeout: 60_000 }).toBe('failed');
    // It ran inside the transaction the first run opened: the table exists, so it failed, and the
    // failure rolled that transaction back, undoing "Create the read table" too. The page says so.
    expect(await page.locator('#step-create-the-write-table .verdict').textContent()).toMatch(
      /Failed unexpectedly with 42P07/,
    );
    expect([
      await stepState(page, 'create-a-guard-for-history'),
      await stepState(page, 'create-the-write-table'),
      await stepState(page, 'create-the-read-table'),
    ]).toEqual(['ok', 'failed', 'not-run']);
    expect(await page.locator('#step-create-the-read-table .undone-note').textContent()).toMatch(
      /^Undone: The transaction they ran in was rolled back\./,
    );

    await page.getByRole('button', { name: 'Reset lesson' }).click();
    await page.waitForFunction(() =>
      document.querySelector('.announcer')?.textContent?.startsWith('The lesson was reset'),
    );
    expect(await stepState(page, 'create-the-write-table')).toBe('not-run');
    const missing = await runInConsole(page, 'SELECT * FROM user_registered_0');
    expect(await missing.getByRole('alert').textContent()).toContain('Error 42P01');
    expect(await missing.locator('.outcome-note', { hasText: 'not run yet' }).textContent()).toMatch(
      /^Steps 1, 2, 3, 4, 5, 6, 7, 8, 9 have not run yet/,
    );
  });
});
