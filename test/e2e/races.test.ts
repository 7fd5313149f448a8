import { describe, expect, test } from 'vitest';
import { browserPerTest, chromiumPath, openLesson, pageErrors, waitForStep } from './support/browser';

describe.skipIf(!chromiumPath)('races and locks made visible, in Chromium', () => {
  const suite = browserPerTest();

  test('a race’s timeline has a lane per session and steps one moment at a time from the keyboard, the table following', async () => {
    const page = await openLesson(suite.context, '/lessons/usernames/');
    const figure = page.locator('figure[data-race="registration-waits-for-migration"]');
    expect(await figure.locator('[data-lane]').count()).toBe(2);
    expect((await figure.locator('.race-recorded').textContent())?.trim()).toMatch(
      /^Recorded on PostgreSQL 15\.\d+ and PostgreSQL 18\.\d+, one session per lane\.$/,
    );
    const picture = figure.locator('.race-picture');
    await picture.focus();
    await page.keyboard.press('Home');
    expect(await figure.locator('.race-position').textContent()).toMatch(/^Moment 1 of \d+$/);
    expect(await figure.locator('.race-said').textContent()).toMatch(
      /^The migration runs step 1 of the lesson, “Begin the migration and lock what it reads”$/,
    );
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await figure.locator('.race-position').textContent()).toMatch(/^Moment 3 of \d+$/);
    // The v0 registration waits for the migration's lock.
    let said = '';
    for (let moves = 0; moves < 10 && !/waits for/.test(said); moves++) {
      await page.keyboard.press('ArrowRight');
      said = (await figure.locator('.race-said').textContent()) ?? '';
    }
    expect(said).toMatch(
      /^A v0 server waits for user_registered_0: RowExclusiveLock, held by the migration$/,
    );
    expect(await figure.locator('.race-wait').count()).toBe(1);
    expect(await figure.locator('.race-table tr[aria-current]').textContent()).toContain('waits for');
    await page.keyboard.press('ArrowLeft');
    expect(await figure.locator('.race-wait').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  test('after the usernames migration’s first step, the lock tracer names SHARE ROW EXCLUSIVE on user_registered_0 and says reads go on', async () => {
    const page = await openLesson(suite.context, '/lessons/usernames/');
    await page.locator('#step-begin-the-migration-and-lock-what-it-reads .step-sql pre').focus();
    await page.keyboard.press('Shift+Enter');
    await waitForStep(page, 'begin-the-migration-and-lock-what-it-reads');
    const locks = page.locator('#step-begin-the-migration-and-lock-what-it-reads [data-locks]');
    expect(await locks.locator('li').allTextContents()).toEqual([
      'user_registered_0: ShareRowExclusiveLock. Blocks inserts, updates and deletes; VACUUM and CREATE INDEX CONCURRENTLY; migrations (CREATE INDEX, CREATE TRIGGER, LOCK); DROP, TRUNCATE and most ALTER TABLE. Lets through reads; SELECT … FOR UPDATE.',
    ]);
    expect(pageErrors(page)).toEqual([]);
  });
});
