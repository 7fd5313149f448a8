import { describe, expect, test } from 'vitest';
import {
  browserPerTest,
  chromiumPath,
  diagramEdges,
  newContext,
  openLesson,
  pageErrors,
  runAllSteps,
  runInConsole,
} from './support/browser';

describe.skipIf(!chromiumPath)('the live CQRS diagram in Chromium', () => {
  const suite = browserPerTest();

  test("draws a learner's own table and trigger, and lights up exactly the triggers a registration fired", async () => {
    const page = await openLesson(suite.context, '/lessons/minimal-schema/');
    await runAllSteps(page, 'deleting-history-is-refused');
    await runInConsole(
      page,
      `CREATE TABLE audit_log (id bigint, email text);
CREATE TABLE scratch (a int);
CREATE FUNCTION log_registration() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO audit_log VALUES (NEW.id, NEW.email); RETURN NULL; END $$;
CREATE TRIGGER my_audit AFTER INSERT ON user_registered_0 FOR EACH ROW EXECUTE FUNCTION log_registration();`,
    );
    expect(await diagramEdges(page, '.live-diagram')).toEqual([
      'user_registered_0 -feed_users_0-> users_0',
      'user_registered_0 -my_audit-> audit_log',
    ]);
    expect(await page.locator('.live-diagram g[data-table="scratch"]').getAttribute('data-role')).toBe(
      'other',
    );

    const entry = await runInConsole(
      page,
      "INSERT INTO user_registered_0 (email, password_hash) VALUES ('kim@example.com', 'h')",
    );
    expect(await diagramEdges(page, '.live-diagram', true)).toEqual([
      'user_registered_0 -feed_users_0-> users_0 (fired)',
      'user_registered_0 -my_audit-> audit_log (fired)',
    ]);
    // The console entry draws the write path of that run alone, once it is laid out on the page
    // (its picture is drawn at the width it gets there, in the frame it appears).
    await expect
      .poll(() => diagramEdges(page, '.console-log .console-entry:first-child', true))
      .toEqual([
        'user_registered_0 -feed_users_0-> users_0 (fired)',
        'user_registered_0 -my_audit-> audit_log (fired)',
      ]);
    expect(await entry.locator('.diagram figcaption').textContent()).toContain(
      'feed_users_0 fired from user_registered_0 into users_0',
    );

    await runInConsole(page, 'DROP TABLE scratch');
    expect(await page.locator('.live-diagram g[data-table="scratch"]').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  test('shows a v0 registration flowing into users_0 and users_1, and a v1 registration into users_1 only', async () => {
    const page = await openLesson(suite.context, '/lessons/usernames/');
    await runAllSteps(page, 'failed-registrations-leave-no-history');
    await runInConsole(
      page,
      "INSERT INTO user_registered_0 (email, password_hash) VALUES ('zoe@example.com', 'h')",
    );
    expect(
      (await diagramEdges(page, '.live-diagram', true)).filter((edge) => edge.endsWith('(fired)')),
    ).toEqual([
      'user_registered_0 -feed_users_0-> users_0 (fired)',
      'user_registered_0 -feed_users_1-> users_1 (fired)',
    ]);
    await runInConsole(
      page,
      "INSERT INTO user_registered_1 (email, password_hash, username) VALUES ('yan@example.com', 'h', 'yan')",
    );
    expect(
      (await diagramEdges(page, '.live-diagram', true)).filter((edge) => edge.endsWith('(fired)')),
    ).toEqual(['user_registered_1 -feed_users_1-> users_1 (fired)']);
  });

  test('marks the trigger that failed, and the guard that refused, in red', async () => {
    const page = await openLesson(suite.context, '/lessons/usernames/');
    await runAllSteps(page, 'failed-registrations-leave-no-history');
    const step = page.locator('#step-a-v0-registration-cannot-reuse-bar-s-email');
    await expect
      .poll(() => diagramEdges(page, '#step-a-v0-registration-cannot-reuse-bar-s-email', true))
      .toEqual([
        'user_registered_0 -feed_users_0-> users_0 (fired)',
        'user_registered_0 -feed_users_1-> users_1 (failed)',
      ]);
    expect(await step.locator('.diagram figcaption').textContent()).toMatch(
      /failed, so the write was undone/,
    );
    await runInConsole(page, 'DELETE FROM user_registered_1');
    expect(
      await page.locator('.live-diagram g[data-table="user_registered_1"]').getAttribute('data-guard'),
    ).toBe('refused');
  });

  test.each([
    [1280, 'light'],
    [375, 'dark'],
  ] as const)(
    'stays inside the page at %i px in %s, with a table view of the same facts',
    async (width, colorScheme) => {
      const sized = await newContext(suite.browser, { width, colorScheme });
      const page = await openLesson(sized, '/lessons/passwords/');
      await runAllSteps(page, 'a-registered-user-that-users-2-cannot-see-is-a-retryable-40001');
      const box = page.locator('.live-diagram');
      if (!(await box.evaluate((node) => (node as HTMLDetailsElement).open)))
        await box.locator(':scope > summary').click();
      await page.locator('.live-diagram svg').waitFor();
      const { svgWidth, pageWidth } = await page.evaluate(() => ({
        svgWidth: document.querySelector('.live-diagram svg')?.getBoundingClientRect().right ?? Infinity,
        pageWidth: document.documentElement.clientWidth,
      }));
      expect(svgWidth).toBeLessThanOrEqual(pageWidth);
      await box.locator('.diagram-details summary').click();
      const rows = await box
        .locator('.diagram-details tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')?.textContent));
      expect(rows).toEqual([
        'user_registered_0',
        'user_registered_1',
        'password_changed_2',
        'users_0',
        'users_1',
        'users_2',
      ]);
      await box.screenshot({ path: `test-results/screenshots/diagram-${width}-${colorScheme}.png` });
      await sized.close();
    },
  );
});
