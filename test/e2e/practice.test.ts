import { describe, expect, test } from 'vitest';
import { loadCourse } from '../../src/lesson/loadCourse';
import {
  browserPerTest,
  chromiumPath,
  editorOf,
  newContext,
  openLesson,
  pageErrors,
  runAllSteps,
  runInConsole,
  siteUrl,
  waitForStep,
  waitReady,
} from './support/browser';

const course = loadCourse();
const passwords = course.lessons.find((lesson) => lesson.slug === 'passwords');
const roles = passwords?.exercises.find((exercise) => exercise.id === 'roles-per-version');

describe.skipIf(!chromiumPath)('practice: progress, exercises, shared links and keys, in Chromium', () => {
  const suite = browserPerTest();

  test('progress survives navigation and reload, apart from what this page has run, and can be started over', async () => {
    const page = await openLesson(suite.context, '/lessons/minimal-schema/');
    expect(await page.locator('.lesson-progress-count').textContent()).toBe('0 of 9 done');
    await runAllSteps(page, 'deleting-history-is-refused');
    expect(await page.locator('.lesson-progress-count').textContent()).toBe('9 of 9 done: the whole lesson');

    await page
      .getByRole('link', { name: /Usernames/ })
      .first()
      .click();
    await waitReady(page);
    expect(await page.getByRole('link', { name: 'A minimal schema (done)' }).isVisible()).toBe(true);
    await page.goBack();
    await waitReady(page);
    // Done before, not run now: the two are told apart.
    expect(await page.locator('#step-register-foo .step-state').getAttribute('data-state')).toBe('not-run');
    expect(await page.locator('#step-register-foo .step-done').textContent()).toMatch(/^✓ Done \w+ \d+$/);
    await page.reload();
    await waitReady(page);
    expect(await page.locator('.lesson-progress-count').textContent()).toBe('9 of 9 done: the whole lesson');

    await page.getByRole('button', { name: 'Start this lesson over' }).click();
    await page
      .getByRole('group', { name: 'A decision is needed' })
      .getByRole('button', { name: 'Start this lesson over' })
      .click();
    await page.waitForFunction(() =>
      document.querySelector('.toolbar-message')?.textContent?.startsWith('Started over'),
    );
    expect(await page.locator('.lesson-progress-count').textContent()).toBe('0 of 9 done');
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

  test('an exercise: failing checks each say why, hints one at a time, the solution beside the learner’s SQL, and checking changes nothing', async () => {
    if (!roles) throw new Error('no roles exercise');
    const page = await openLesson(suite.context, '/lessons/passwords/');
    await runAllSteps(page, 'a-registered-user-that-users-2-cannot-see-is-a-retryable-40001');
    const exercise = page.locator('#exercise-roles-per-version');
    await exercise.getByRole('button', { name: /^Check your work/ }).click();
    await exercise.locator('.check-summary').waitFor();
    expect(await exercise.locator('.check-summary').textContent()).toBe('0 of 6 checks pass.');
    expect(await exercise.locator('.check-fail').count()).toBe(6);
    expect(await exercise.locator('.check-fail .check-why').first().textContent()).toMatch(
      /^Create cqrs_v0, cqrs_v1 and cqrs_v2\./,
    );

    await exercise.getByRole('button', { name: 'Hint (1 of 3)' }).click();
    expect(await exercise.locator('.exercise-hint:visible').count()).toBe(1);
    await exercise.getByRole('button', { name: 'Hint (2 of 3)' }).click();
    expect(await exercise.locator('.exercise-hint:visible').count()).toBe(2);

    await exercise.getByRole('button', { name: 'Show a solution' }).click();
    expect(await exercise.locator('.exercise-solution').isVisible()).toBe(true);
    const editor = exercise.locator('.exercise-sql');
    await editor.click();
    await exercise.locator('.cm-content').waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(roles.solution);
    // The solution stays beside, untouched; the learner's SQL is their own.
    expect(await exercise.locator('.exercise-solution').isVisible()).toBe(true);
    await exercise.getByRole('button', { name: /^Run your SQL/ }).click();
    await exercise.locator('.exercise-output[data-observed]').waitFor();

    const before = await runInConsole(
      page,
      'SELECT count(*) AS users, (SELECT last_value FROM user_id_seq) AS seq FROM users_2',
    );
    const counted = await before.locator('tbody td').allTextContents();
    await exercise.getByRole('button', { name: /^Check your work/ }).click();
    await page.waitForFunction(() =>
      document.querySelector('#exercise-roles-per-version .check-summary')?.textContent?.startsWith('All'),
    );
    expect(await exercise.locator('.check-summary').textContent()).toBe('All 6 checks pass. Exercise done.');
    const after = await runInConsole(
      page,
      'SELECT count(*) AS users, (SELECT last_value FROM user_id_seq) AS seq FROM users_2',
    );
    expect(await after.locator('tbody td').allTextContents()).toEqual(counted);
    expect(await page.locator('.lesson-progress-count').textContent()).toBe(
      '12 of 12 done: the whole lesson',
    );
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
