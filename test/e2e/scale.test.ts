import { describe, expect, test } from 'vitest';
import { browserPerTest, chromiumPath, consoleRows, openLesson, pageErrors } from './support/browser';

describe.skipIf(!chromiumPath)('the scale demo, in Chromium', () => {
  const suite = browserPerTest();

  test('at the smallest size it fills a copy, runs both migrations, and shows their waits in a chart and a table; the learner’s database is untouched', async () => {
    const page = await openLesson(suite.context, '/lessons/production-scale/');
    const demo = page.locator('[data-scale-demo]');
    await demo.locator('select').selectOption('10000');
    await demo.getByRole('button', { name: 'Fill a copy and measure both migrations' }).click();
    await page.waitForFunction(
      () =>
        /^10,000 users: the locked migration held writes back for /.test(
          document.querySelector('.scale-status')?.textContent ?? '',
        ),
      null,
      { timeout: 120_000 },
    );
    const rows = await demo
      .locator('.scale-table tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)),
      );
    expect(rows).toEqual([
      ['10,000', 'Locked migration'],
      ['10,000', 'Online migration'],
    ]);
    expect(await demo.locator('.scale-svg circle').count()).toBe(2);
    expect(await demo.locator('.scale-svg [data-variant="locked"] title').textContent()).toMatch(
      /^locked, 10,000 users: [\d,]+ ms$/,
    );
    // The learner's own database has no users_4 and no extra users.
    expect(
      await consoleRows(
        page,
        "SELECT to_regclass('users_4') IS NULL AS untouched, count(*) < 100 AS small FROM users_2",
      ),
    ).toEqual([['t', 't']]);
    expect(pageErrors(page)).toEqual([]);
  });

  test('Stop ends the demo at once, and says nothing of the learner’s was touched', async () => {
    const page = await openLesson(suite.context, '/lessons/production-scale/');
    const demo = page.locator('[data-scale-demo]');
    await demo.locator('select').selectOption('1000000');
    await demo.getByRole('button', { name: 'Fill a copy and measure both migrations' }).click();
    await page.waitForFunction(
      () => /Filling a copy/.test(document.querySelector('.scale-status')?.textContent ?? ''),
      null,
      {
        timeout: 60_000,
      },
    );
    await demo.getByRole('button', { name: 'Stop' }).click();
    expect(await demo.locator('.scale-status').textContent()).toBe(
      'Stopped. The copy was thrown away; your own database was never touched.',
    );
    expect(
      await demo.getByRole('button', { name: 'Fill a copy and measure both migrations' }).isEnabled(),
    ).toBe(true);
    expect(await demo.getByRole('button', { name: 'Stop' }).isVisible()).toBe(false);
    expect(pageErrors(page)).toEqual([]);
  });
});
