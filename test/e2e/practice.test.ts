import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { loadCourse } from '../../src/lesson/loadCourse';
import {
  browserPerTest,
  chromiumPath,
  consoleRows,
  editorOf,
  newContext,
  openInMemory,
  openLesson,
  pageErrors,
  runAllSteps,
  siteUrl,
  waitForStep,
  waitReady,
} from './support/browser';

const course = loadCourse();
const passwords = course.lessons.find((lesson) => lesson.slug === 'passwords');
const roles = passwords?.exercises.find((exercise) => exercise.id === 'roles-per-version');

describe.skipIf(!chromiumPath)('practice: progress, exercises, shared links and keys, in Chromium', () => {
  const suite = browserPerTest();

  test('in a tab that works in memory, progress survives navigation and reload, apart from what this page has run, and can be started over', async () => {
    const page = await openInMemory(suite.context, '/lessons/minimal-schema/');
    expect(await page.locator('.lesson-progress-count').textContent()).toBe('0 of 10 done');
    await runAllSteps(page, 'deleting-history-is-refused');
    expect(await page.locator('.lesson-progress-count').textContent()).toBe('9 of 10 done');

    await page
      .getByRole('link', { name: /Usernames/ })
      .first()
      .click();
    await waitReady(page);
    expect(await page.getByRole('link', { name: 'A minimal schema (9 of 10 done)' }).isVisible()).toBe(true);
    await page.goBack();
    await waitReady(page);
    // Done before, not run now: the two are told apart.
    expect(await page.locator('#step-register-foo .step-state').getAttribute('data-state')).toBe('not-run');
    expect(await page.locator('#step-register-foo .step-done').textContent()).toMatch(/^✓ Done \w+ \d+$/);
    await page.reload();
    await waitReady(page);
    expect(await page.locator('.lesson-progress-count').textContent()).toBe('9 of 10 done');

    await page.getByRole('button', { name: 'Start this lesson over' }).click();
    await page
      .getByRole('group', { name: 'A decision is needed' })
      .getByRole('button', { name: 'Start this lesson over' })
      .click();
    await page.waitForFunction(() =>
      document.querySelector('.toolbar-message')?.textContent?.startsWith('Started over'),
    );
    expect(await page.locator('.lesson-progress-count').textContent()).toBe('0 of 10 done');
    expect(await page.locator('#step-register-foo .step-done').isVisible()).toBe(false);
    expect(pageErrors(page)).toEqual([]);
  });

  test('damaged or refused storage is said plainly, and nothing breaks', async () => {
    await suite.context.addInitScript(() =>
      localStorage.setItem('cqrs-in-postgres:progress:v1', '{"version": 9}'),
    );
    const page = await openLesson(suite.context, '/lessons/minimal-schema/');
    expect(await page.locator('.toolbar-message').textContent()).toMatch(
      /^Your saved progress could not be read and was set aside/,
    );
    const refused = await newContext(suite.browser);
    await refused.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('denied', 'SecurityError');
        },
      });
    });
    const blocked = await openLesson(refused, '/lessons/minimal-schema/');
    expect(await blocked.locator('.toolbar-message').textContent()).toMatch(
      /^This browser is not keeping your progress/,
    );
    await runAllSteps(blocked, 'deleting-history-is-refused');
    expect(pageErrors(blocked)).toEqual([]);
    await refused.close();
  });

  /** Puts `sql` in an exercise's editor, as a learner would type it. */
  const typeInto = async (page: Page, exercise: Locator, sql: string) => {
    await exercise.getByRole('button', { name: /^Edit your SQL/ }).click();
    const editor = exercise.locator('.cm-content');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(sql);
  };
  /** Presses Check and waits for its verdict. */
  const check = async (exercise: Locator) => {
    // A verdict from an earlier check must not be mistaken for this one's.
    await exercise.locator('.exercise-checks').evaluateAll((nodes) => {
      for (const node of nodes) node.replaceChildren();
    });
    await exercise.getByRole('button', { name: /^Check your SQL/ }).click();
    await exercise.locator('.check-summary').waitFor({ timeout: 60_000 });
    return (await exercise.locator('.check-summary').textContent()) ?? '';
  };
  const rolesNow = async (page: Page) =>
    (
      await consoleRows(
        page,
        "SELECT (SELECT count(*) FROM pg_roles WHERE rolname LIKE 'cqrs%') AS roles, (SELECT last_value FROM user_id_seq) AS seq, (SELECT count(*) FROM users_2) AS users",
      )
    )[0];

  test('Check tries the SQL in the editor, unrun, on a copy: a wrong answer is told what fails and why, the right one passes, and the learner’s database does not change', async () => {
    if (!roles) throw new Error('no roles exercise');
    const page = await openLesson(suite.context, '/lessons/passwords/');
    await runAllSteps(page, 'a-registered-user-that-users-2-cannot-see-is-a-retryable-40001');
    const before = await rolesNow(page);
    const exercise = page.locator('#exercise-roles-per-version');

    // The feeds left running as whoever fires them: the checks the lesson lists for that wrong answer fail.
    const wrong = roles.solution.slice(0, roles.solution.indexOf('-- The read model is written'));
    const failing = roles.wrong.find((answer) =>
      answer.title.startsWith('The triggers are left running'),
    )?.fails;
    expect(failing).toContain('v0-works');
    await typeInto(page, exercise, wrong);
    expect(await check(exercise)).toBe(
      `${roles.checks.length - (failing?.length ?? 0)} of ${roles.checks.length} checks pass.`,
    );
    const v0 = exercise.locator('.check-fail', { hasText: 'v0 registers a user' });
    expect(await v0.locator('.check-why p').first().textContent()).toMatch(/^v0 could not register/);
    expect(await v0.locator('.check-said').textContent()).toMatch(
      /^PostgreSQL said: permission denied for table users_0 \(SQLSTATE 42501\)$/,
    );
    expect(await rolesNow(page)).toEqual(before);

    await typeInto(page, exercise, roles.solution);
    expect(await check(exercise)).toBe(`All ${roles.checks.length} checks pass. Exercise done.`);
    expect(await exercise.locator('.outcome-note').last().textContent()).toMatch(
      /Your own database was not touched/,
    );
    expect(await rolesNow(page)).toEqual(before);
    expect(await page.locator('.lesson-progress-count').textContent()).toBe(
      '14 of 14 done: the whole lesson',
    );
    expect(pageErrors(page)).toEqual([]);
  });

  test('an exercise’s SQL that stops part way is told by statement and line, marked in the editor', async () => {
    const page = await openLesson(suite.context, '/lessons/passwords/');
    const exercise = page.locator('#exercise-roles-per-version');
    await typeInto(page, exercise, 'CREATE ROLE cqrs_v0 NOLOGIN;\nGRANT SELECT ON no_such_table TO cqrs_v0;');
    expect(await check(exercise)).toMatch(/ checks pass\.$/);
    expect(await exercise.locator('.check-script').textContent()).toBe(
      'Your SQL stopped at its statement 2, on line 2: relation "no_such_table" does not exist (SQLSTATE 42P01). What came after it did not run.',
    );
    expect(await exercise.locator('.cm-error-mark, .error-mark, [class*="error"]').count()).toBeGreaterThan(
      0,
    );
  });

  test('hints come one at a time with their code as code; the solution shows beside the learner’s SQL', async () => {
    const page = await openLesson(suite.context, '/lessons/passwords/');
    const exercise = page.locator('#exercise-roles-per-version');
    const hints = roles?.hints.length ?? 0;
    await exercise.getByRole('button', { name: `Hint (1 of ${hints})` }).click();
    expect(await exercise.locator('.exercise-hint:visible').count()).toBe(1);
    expect(await exercise.locator('.exercise-hint:visible code').first().textContent()).toBe('nextval');
    expect(await exercise.locator('.exercise-hint:visible').textContent()).not.toContain('`');
    await exercise.getByRole('button', { name: `Hint (2 of ${hints})` }).click();
    expect(await exercise.locator('.exercise-hint:visible').count()).toBe(2);
    await exercise.getByRole('button', { name: 'Show a solution' }).click();
    expect(await exercise.locator('.exercise-solution').isVisible()).toBe(true);
  });

  test('after a reload in a tab that works in memory, the exercise’s Run runs the lesson’s steps first, and Reset this exercise puts the database back where it starts', async () => {
    if (!roles) throw new Error('no roles exercise');
    const page = await openInMemory(suite.context, '/lessons/passwords/');
    await runAllSteps(page, 'a-registered-user-that-users-2-cannot-see-is-a-retryable-40001');
    await page.reload();
    await waitReady(page);
    const exercise = page.locator('#exercise-roles-per-version');
    await typeInto(page, exercise, roles.solution);
    await exercise.getByRole('button', { name: /^Run your SQL/ }).click();
    await exercise.locator('.exercise-output[data-observed]').waitFor({ timeout: 60_000 });
    expect(await exercise.locator('.exercise-output').textContent()).toMatch(
      /had not run yet; they ran first, so your SQL met the database the exercise starts from/,
    );
    expect(
      await exercise.locator('.exercise-output .error-box, .exercise-output [role="alert"]').count(),
    ).toBe(0);
    expect((await rolesNow(page))?.[0]).toBe('3');

    await exercise.getByRole('button', { name: /^Reset this exercise: the database goes back/ }).click();
    await exercise
      .getByRole('group', { name: 'A decision is needed' })
      .getByRole('button', { name: 'Reset the database' })
      .click();
    await page.waitForFunction(() =>
      document
        .querySelector('#exercise-roles-per-version .exercise-output')
        ?.textContent?.startsWith('The database is back where the exercise starts'),
    );
    expect((await rolesNow(page))?.[0]).toBe('0');
    const states = await page
      .locator('.step-state')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-state')));
    expect(states.every((state) => state === 'ok')).toBe(true);
    expect(pageErrors(page)).toEqual([]);
  });

  test('a shared link shows the SQL, marked as shared, in another browser: not run, and the recipient’s own edit untouched', async () => {
    const page = await openLesson(suite.context, '/lessons/minimal-schema/');
    await suite.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const editor = await editorOf(page, 'read-foo-from-users-0');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText("SELECT email, 'shared' AS how FROM users_0;");
    await page
      .getByRole('button', { name: 'Share a link to step 7, Read foo from users_0 with this SQL' })
      .click();
    const field = page.locator('#step-read-foo-from-users-0 .share-link');
    await expect.poll(() => field.inputValue()).not.toBe('');
    const link = await field.inputValue();
    expect(link).toMatch(new RegExp(`^${siteUrl}/lessons/minimal-schema/#share=step:read-foo-from-users-0:`));

    const other = await newContext(suite.browser);
    await other.addInitScript(() =>
      localStorage.setItem(
        'cqrs-in-postgres:edit:v1:minimal-schema:read-foo-from-users-0',
        JSON.stringify({ sql: 'SELECT 1 AS mine;' }),
      ),
    );
    const recipient = await openLesson(other, link.replace(siteUrl, ''));
    const notice = recipient.locator('#step-read-foo-from-users-0 .step-notice');
    expect(await notice.locator('strong').textContent()).toBe('Shared with you through a link. ');
    expect(await notice.locator('.shared-sql').textContent()).toBe(
      "SELECT email, 'shared' AS how FROM users_0;",
    );
    expect(
      await recipient.locator('#step-read-foo-from-users-0 .step-state').getAttribute('data-state'),
    ).toBe('not-run');
    expect(await recipient.locator('.step-output .verdict').count()).toBe(0);
    expect(await (await editorOf(recipient, 'read-foo-from-users-0')).textContent()).toBe(
      'SELECT 1 AS mine;',
    );
    await notice.getByRole('button', { name: 'Put it in the editor' }).click();
    await expect
      .poll(() => recipient.locator('#step-read-foo-from-users-0 .cm-content').textContent())
      .toBe("SELECT email, 'shared' AS how FROM users_0;");
    await other.close();
  });

  test('Shift+Enter runs a step and moves to the next; ? lists the shortcuts', async () => {
    const page = await openLesson(suite.context, '/lessons/minimal-schema/');
    await page.locator('#step-create-a-guard-for-history .step-sql pre').focus();
    await page.keyboard.press('Shift+Enter');
    await waitForStep(page, 'create-a-guard-for-history');
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('aria-label') === 'Run step 2, Create the write table',
    );
    await page.keyboard.press('Enter');
    await waitForStep(page, 'create-the-write-table');
    await page.locator('body').press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('Shift+Enter');
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(false);
  });
});
