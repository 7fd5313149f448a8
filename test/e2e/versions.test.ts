import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { browserPerTest, chromiumPath, openLesson, pageErrors, waitForStep } from './support/browser';

/** Presses a suggestion's "Try it" and returns its verdict once it has one. */
async function tryIt(page: Page, title: string): Promise<string> {
  const item = page.locator('.scenario', { hasText: title }).first();
  await item.getByRole('button', { name: `Try it: ${title}` }).press('Enter');
  await page.waitForFunction(
    (text) => {
      const verdict = [...document.querySelectorAll('.scenario')]
        .find((node) => node.textContent?.includes(text))
        ?.querySelector('.scenario-verdict')?.textContent;
      const output = document.querySelector('.scenario-verdict') && verdict && verdict !== 'Running…';
      return (
        output &&
        [...document.querySelectorAll('.panel-output')].every(
          (panel) =>
            panel.hasAttribute('data-observed') ||
            !panel.childElementCount ||
            panel.querySelector('.stopped'),
        )
      );
    },
    title,
    { timeout: 60_000 },
  );
  return (await item.locator('.scenario-verdict').textContent()) ?? '';
}

async function panelSaid(page: Page, version: string): Promise<{ sent: string; result: string }> {
  const panel = page.locator(`.version-panel[data-version="${version}"]`);
  return {
    sent: (await panel.locator('.panel-sql').textContent()) ?? '',
    result: (await panel.locator('.panel-result, .stopped').first().textContent()) ?? '',
  };
}

describe.skipIf(!chromiumPath)('code versions side by side, in Chromium', () => {
  const suite = browserPerTest();

  const runSteps = async (page: Page, last: string) => {
    await page.getByRole('button', { name: 'Run all steps' }).click();
    await waitForStep(page, last);
  };

  test('a v1 registration is not seen by v0, and each panel shows the exact SQL it sent to its own tables', async () => {
    const page = await openLesson(suite.context, '/lessons/usernames/');
    await runSteps(page, 'failed-registrations-leave-no-history');
    expect(await tryIt(page, 'v1 registers dora')).toMatch(/^As described\./);
    expect((await panelSaid(page, 'v1')).sent).toMatch(
      /^INSERT INTO user_registered_1 .*'dora@example\.com'/s,
    );
    expect(await tryIt(page, 'v1 logs dora in')).toMatch(/^As described\./);
    expect(await tryIt(page, 'v0 has never heard of dora')).toMatch(/^As described\./);
    expect(await panelSaid(page, 'v0')).toEqual({
      sent: expect.stringMatching(/^SELECT id, email FROM users_0\n/),
      result: 'Log in: nothing found.',
    });
    expect(await page.locator('.touched-status').textContent()).toMatch(
      /^Changed outside the steps by 1 statement/,
    );
    expect(pageErrors(page)).toEqual([]);
  });

  test('a constraint violation under v0 rolls the whole write back, the row users_0 had taken included', async () => {
    const page = await openLesson(suite.context, '/lessons/usernames/');
    await runSteps(page, 'failed-registrations-leave-no-history');
    await tryIt(page, 'v1 registers dora');
    expect(await tryIt(page, "v0 tries to register dora's email")).toMatch(
      /^As described\. Failed as expected: 23505/,
    );
    expect((await panelSaid(page, 'v0')).result).toBe(
      'Register failed with 23505 unique_violation; the whole write was rolled back.',
    );
    const panel = page.locator('.version-panel[data-version="v0"]');
    expect(
      await panel
        .locator('g[data-trigger]')
        .evaluateAll((edges) => edges.map((edge) => (edge as SVGGElement).dataset['state'])),
    ).toEqual(['fired', 'failed']);
    expect(await tryIt(page, 'v0 still has no dora')).toMatch(/^As described\./);
  });

  test('a password changed under v2 is not seen by v0 and v1: the new password fails there', async () => {
    const page = await openLesson(suite.context, '/lessons/passwords/');
    await runSteps(page, 'a-registered-user-that-users-2-cannot-see-is-a-retryable-40001');
    expect(await tryIt(page, "v2 changes baz's password")).toMatch(/^As described\./);
    expect(await tryIt(page, 'v2 logs baz in with the new password')).toMatch(/^As described\./);
    expect((await panelSaid(page, 'v2')).result).toBe('Log in: found 1 row.');
    expect(await tryIt(page, 'v1 never heard of the change')).toMatch(/^As described\./);
    expect((await panelSaid(page, 'v1')).result).toBe('Log in: nothing found.');
    expect(await tryIt(page, 'and on v0')).toMatch(/^As described\./);
    expect((await panelSaid(page, 'v0')).result).toBe('Log in: nothing found.');
  });

  test('after tidy-up the v0 and v1 panels fail with the real error, because their read tables are gone', async () => {
    const page = await openLesson(suite.context, '/lessons/tidy-up/');
    await runSteps(page, 'history-is-intact');
    const retired = await page.locator('.version-panel[data-retired] h3').allTextContents();
    expect(retired.map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
      'Code v0 shut down',
      'Code v1 shut down',
    ]);
    expect(await tryIt(page, 'v0 cannot log anyone in')).toMatch(/^As described\. Failed as expected: 42P01/);
    const v0 = page.locator('.version-panel[data-version="v0"]');
    expect(await v0.getByRole('alert').first().textContent()).toContain('relation "users_0" does not exist');
    expect(await tryIt(page, 'nor can v1')).toMatch(/^As described\./);
    expect(
      await page.locator('.version-panel[data-version="v1"]').getByRole('alert').first().textContent(),
    ).toContain('relation "users_1" does not exist');
  });

  test('a learner can type their own values into a panel, with no value becoming SQL', async () => {
    const page = await openLesson(suite.context, '/lessons/messages/');
    await runSteps(page, 'which-write-table-feeds-which-read-table');
    const panel = page.locator('.version-panel[data-version="v3"]');
    await panel.getByLabel('Action').selectOption('send-message');
    await panel.getByLabel('from user id').fill('0');
    await panel.getByLabel('to user id').fill('1');
    await panel.getByLabel('text').fill("it's <b>bold</b>'); DROP TABLE users_2; --");
    await panel.getByRole('button', { name: 'Send a message' }).press('Enter');
    await panel.locator('.panel-result').waitFor();
    await panel.getByLabel('Action').selectOption('read-inbox');
    await panel.getByLabel('user id').fill('1');
    await panel.getByRole('button', { name: 'Read inbox' }).press('Enter');
    await page.waitForFunction(() =>
      document
        .querySelector('.version-panel[data-version="v3"] .panel-result')
        ?.textContent?.startsWith('Read inbox'),
    );
    expect(await panel.locator('tbody tr').last().locator('td').last().textContent()).toBe(
      "it's <b>bold</b>'); DROP TABLE users_2; --",
    );
    expect(await panel.locator('b').count()).toBe(0);
  });
});
