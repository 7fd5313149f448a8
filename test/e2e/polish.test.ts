import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  browserPerTest,
  chromiumPath,
  editorOf,
  newContext,
  openLesson,
  pageErrors,
  runInConsole,
  siteUrl,
  waitForStep,
} from './support/browser';

const newHash = '8aa64c9ca202961c0f6bcd34c45f95c9e0cf5555cbcacfd7f87163dad7b60d2f';

async function runStep(page: Page, id: string) {
  await page.locator(`#step-${id} .step-controls button.button-primary`).press('Enter');
  await waitForStep(page, id);
}

async function replaceStepSql(page: Page, id: string, sql: string) {
  const editor = await editorOf(page, id);
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(sql);
}

describe.skipIf(!chromiumPath)('what a learner sees, polished, in Chromium', () => {
  const suite = browserPerTest();

  test('What changed marks the changed cell and shortens a long hash in the middle, the whole value a click away', async () => {
    const page = await openLesson(suite.context, '/lessons/passwords/');
    await runStep(page, 'bar-changes-their-password');
    const users2 = page
      .locator('#step-bar-changes-their-password .change')
      .filter({ has: page.locator('code', { hasText: /^users_2$/ }) });
    expect(await users2.locator('p').first().textContent()).toBe('users_2: 1 row changed');
    const changed = users2.locator('td.cell-changed');
    // Only the password hash changed, before and after.
    expect(await changed.count()).toBe(2);
    const after = changed.nth(1);
    expect(await after.locator('span:not(.visually-hidden)').first().textContent()).toBe(
      `${newHash.slice(0, 12)}…${newHash.slice(-12)}`,
    );
    // The row's other columns stay in view beside it: the whole table fits its box.
    const box = users2.locator('.table-scroll');
    expect(await box.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    await after.getByRole('button', { name: 'Show all 64 characters' }).click();
    expect(await after.locator('span:not(.visually-hidden)').first().textContent()).toBe(newHash);
  });

  test('an edited step that returns other rows shows expected and returned side by side, differences marked, the rows once', async () => {
    const page = await openLesson(suite.context, '/lessons/minimal-schema/');
    await replaceStepSql(
      page,
      'read-foo-from-users-0',
      "SELECT id, 'bar@example.com' AS email, password_hash FROM users_0;",
    );
    await page.keyboard.press('Control+Enter');
    await waitForStep(page, 'read-foo-from-users-0');
    const step = page.locator('#step-read-foo-from-users-0');
    expect(await step.locator('.mismatch-summary').textContent()).toBe(
      'Expected 1, got 1. Differences are marked.',
    );
    const sides = step.locator('.mismatch-side');
    expect(await sides.locator('.mismatch-title').allTextContents()).toEqual(['Expected', 'Returned']);
    // Only the email differs, on each side.
    expect(await sides.nth(0).locator('td.cell-changed').allTextContents()).toEqual([
      'differs: foo@example.com',
    ]);
    expect(await sides.nth(1).locator('td.cell-changed').allTextContents()).toEqual([
      'differs: bar@example.com',
    ]);
    // The returned rows are not listed a second time below.
    expect(await step.locator('.statement table').count()).toBe(0);
    expect(await step.locator('.statement-tag').textContent()).toBe(
      'SELECT 1 · 1 row (shown above, beside the expected rows)',
    );
  });

  test('a syntax error is told once: the verdict, the underlined place, and PostgreSQL’s message in one box', async () => {
    const page = await openLesson(suite.context, '/lessons/minimal-schema/');
    await replaceStepSql(page, 'create-a-guard-for-history', 'SELEC 1;');
    await page.keyboard.press('Control+Enter');
    await waitForStep(page, 'create-a-guard-for-history');
    const output = page.locator('#step-create-a-guard-for-history .step-output');
    await expect
      .poll(() => output.locator('.verdict').textContent())
      .toMatch(/At line 1, column 1 \(underlined\)\.$/);
    expect(await output.locator('.verdict').textContent()).toBe(
      "Failed unexpectedly with 42601 syntax_error. (The lesson's expectation is for its original SQL; you edited it.) At line 1, column 1 (underlined).",
    );
    const text = (await output.textContent()) ?? '';
    expect(text.split('syntax error at or near "SELEC"').length - 1).toBe(1);
    // Line numbers beside the SQL, as errors are reported by line.
    expect(
      await page
        .locator('#step-create-a-guard-for-history .cm-lineNumbers .cm-gutterElement')
        .allTextContents(),
    ).toContain('1');
  });

  test('feedback: Running… while a statement runs, a stale verdict after an edit, Run all’s summary and no "Run first" notes', async () => {
    const page = await openLesson(suite.context, '/lessons/minimal-schema/');
    await page.getByRole('button', { name: 'Run all steps' }).click();
    await waitForStep(page, 'deleting-history-is-refused');
    expect(await page.locator('.toolbar-message').textContent()).toBe('Ran 9 steps, all as the lesson says.');
    expect(await page.locator('.toolbar-message').isVisible()).toBe(true);
    expect(await page.locator('.step-output', { hasText: 'had not run yet' }).count()).toBe(0);
    expect(await page.locator('.step-output', { hasText: 'Run first' }).count()).toBe(0);
    // The page moved to the last step it ran.
    expect(await page.locator('#step-deleting-history-is-refused').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Run all steps' }).click();
    await expect
      .poll(() => page.locator('.toolbar-message').textContent())
      .toBe('Every step has run. "Reset lesson" starts again from the beginning.');

    await replaceStepSql(page, 'read-foo-from-users-0', 'SELECT 2;');
    const badge = page.locator('#step-read-foo-from-users-0 .step-state');
    await expect.poll(() => badge.textContent()).toBe('As expected (before your edit)');

    await runInConsole(page, 'SELECT 1;');
    await page.locator('.console .cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('SELECT pg_sleep(1.5);');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() =>
      document.querySelector('.engine-status')?.textContent?.includes('Running…'),
    );
    await page.waitForFunction(() =>
      document.querySelector('.engine-status')?.textContent?.includes('Ready'),
    );
  });

  test('the console: psql-like \\d, columns completed from the live schema in context, a placeholder, and docked from the toolbar', async () => {
    const page = await openLesson(suite.context, '/lessons/passwords/');
    await page.locator('.console').scrollIntoViewIfNeeded();
    await page.locator('.console .cm-placeholder').waitFor();
    expect(await page.locator('.console .cm-placeholder').textContent()).toMatch(
      /^SQL for this lesson’s database/,
    );
    const described = await runInConsole(page, '\\d users_1');
    expect(await described.locator('.describe-title').textContent()).toBe('Table "public.users_1"');
    expect(await described.locator('.describe-section').allTextContents()).toEqual(['Indexes:']);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('button', { name: 'Console', exact: true }).click();
    const consoleBox = page.locator('#console');
    expect(await consoleBox.evaluate((element) => getComputedStyle(element).position)).toBe('fixed');
    expect(
      await page.getByRole('button', { name: 'Console', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    await page.waitForFunction(() => document.activeElement?.closest('.console .cm-content') !== null);
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('SELECT * FROM users_1 WHERE usern');
    const option = page.locator('.cm-tooltip-autocomplete li').first();
    await option.waitFor();
    expect(await option.textContent()).toBe('usernameusers_1');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    expect(await consoleBox.evaluate((element) => getComputedStyle(element).position)).toBe('static');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Console');
    expect(
      await page.getByRole('button', { name: 'Console', exact: true }).getAttribute('aria-pressed'),
    ).toBe('false');
  });

  test('Restore all steps puts the lesson’s SQL back in every edited step once the learner agrees', async () => {
    const page = await openLesson(suite.context, '/lessons/minimal-schema/');
    await replaceStepSql(page, 'register-foo', 'SELECT 1;');
    await replaceStepSql(page, 'read-foo-from-users-0', 'SELECT 2;');
    await page.getByRole('button', { name: 'Restore all steps' }).click();
    const decision = page.getByRole('group', { name: 'A decision is needed' });
    expect(await decision.locator('p').textContent()).toBe(
      "Put the lesson's own SQL back in 2 edited steps (6, 7)? The database is not touched.",
    );
    await decision.getByRole('button', { name: 'Keep my edits' }).click();
    expect(await page.locator('#step-register-foo .cm-content').textContent()).toBe('SELECT 1;');
    await page.getByRole('button', { name: 'Restore all steps' }).click();
    await decision.getByRole('button', { name: 'Restore all steps' }).click();
    await expect
      .poll(() => page.locator('.toolbar-message').textContent())
      .toBe("Restored the lesson's SQL in 2 steps. Ctrl+Z in a step brings its edit back.");
    expect(await page.locator('#step-register-foo .cm-content').textContent()).toMatch(
      /^INSERT INTO user_registered_0/,
    );
    expect(await page.locator('#step-read-foo-from-users-0 .cm-content').textContent()).toBe(
      'SELECT id, email, password_hash FROM users_0;',
    );
    await page.reload();
    await page.getByRole('button', { name: 'Restore all steps' }).click();
    await expect
      .poll(() => page.locator('.toolbar-message').textContent())
      .toBe("No step is edited: every step shows the lesson's own SQL.");
    expect(pageErrors(page)).toEqual([]);
  });

  test('on a phone the lesson list folds away behind one line saying where the reader is; the introduction starts lesson 1', async () => {
    const phone = await newContext(suite.browser, { width: 375 });
    const page = await phone.newPage();
    await page.goto(`${siteUrl}/lessons/usernames/`);
    const list = page.locator('.lesson-list');
    expect(await list.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(false);
    expect((await list.locator('summary').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      'Lessons: 2 of 7, Usernames',
    );
    // The lesson's title is on the first screen.
    const title = await page.getByRole('heading', { level: 1 }).boundingBox();
    expect((title?.y ?? 1000) + (title?.height ?? 0)).toBeLessThan(400);
    await list.locator('summary').click();
    expect(await page.getByRole('link', { name: 'Messages' }).isVisible()).toBe(true);

    await page.goto(`${siteUrl}/`);
    const start = page.getByRole('link', { name: /^Start with lesson 1: A minimal schema/ });
    const box = await start.boundingBox();
    expect((box?.y ?? 1000) + (box?.height ?? 0)).toBeLessThan(900);
    await start.click();
    await page.waitForURL(`${siteUrl}/lessons/minimal-schema/`);
    await phone.close();
  });
});
