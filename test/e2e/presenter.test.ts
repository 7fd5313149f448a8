import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { loadCourse } from '../../src/lesson/loadCourse';
import {
  browserPerTest,
  chromiumPath,
  pageErrors,
  screenshotDir,
  siteUrl,
  waitReady,
} from './support/browser';

const course = loadCourse();
const minimal = course.lessons.find((lesson) => lesson.slug === 'minimal-schema');
const steps = minimal?.steps ?? [];

/** Everything on screen fits: no page scroll, nothing overflowing the step's box. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const step = document.querySelector<HTMLElement>('.present-step');
    const root = document.documentElement;
    return {
      page: root.scrollHeight > window.innerHeight || root.scrollWidth > window.innerWidth,
      step: !step || step.scrollHeight > step.clientHeight + 1 || step.scrollWidth > step.clientWidth + 1,
    };
  });
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(`${siteUrl}${path}`);
  return page;
}

const counter = (page: Page) => page.locator('.present-counter').textContent();

describe.skipIf(!chromiumPath)('presenting a lesson, in Chromium', () => {
  const suite = browserPerTest({ height: 720, colorScheme: 'dark' });

  test('a whole lesson is presented from the keyboard alone at 1280×720, every step as the lesson says, nothing cut off', async () => {
    const page = await open(suite.context, '/present/minimal-schema/');
    await waitReady(page);
    for (const [index, step] of steps.entries()) {
      expect(await counter(page)).toBe(`Step ${index + 1} of ${steps.length}`);
      expect(await page.locator('.present-title').textContent()).toBe(step.title);
      await page.keyboard.press(index % 2 === 0 ? 'ArrowRight' : 'Space');
      await page.locator('.present-result .verdict').waitFor({ timeout: 60_000 });
      expect(await page.locator('.present-result .verdict').getAttribute('class')).toContain('verdict-pass');
      expect(await overflow(page), `step ${index + 1}`).toEqual({ page: false, step: false });
      if (index === 3) await page.screenshot({ path: `${screenshotDir}/present-1280x720.png` });
      await page.keyboard.press('ArrowRight');
    }
    expect(await page.locator('.announcer').textContent()).toBe('That was the last step of this lesson.');

    await page.keyboard.press('ArrowLeft');
    expect(await counter(page)).toBe(`Step ${steps.length - 1} of ${steps.length}`);
    await page.keyboard.press('d');
    expect(await page.locator('.present-diagram').isHidden()).toBe(true);
    await page.keyboard.press('D');
    expect(await page.locator('.present-diagram svg').isVisible()).toBe(true);
    await page.keyboard.press('?');
    expect(await page.getByRole('dialog', { name: 'Presenter keys' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.locator('.present-help').isVisible()).toBe(false);
    await page.keyboard.press('r');
    await page.waitForFunction(() =>
      document.querySelector('.present-counter')?.textContent?.startsWith('Step 1 '),
    );
    expect(await page.locator('.present-result .present-hint').textContent()).toBe(
      'Press → to run this step.',
    );
    await page.keyboard.press('2');
    await page.waitForURL(/\/present\/usernames\/$/);
    expect(pageErrors(page)).toEqual([]);
  });

  test.each(course.lessons.filter((lesson) => lesson.steps.length > 0).map((lesson) => lesson.slug))(
    'the longest step of "%s" fits 1280×720 once run',
    async (slug) => {
      const lesson = course.lessons.find((item) => item.slug === slug);
      const longest = Math.max(...(lesson?.steps ?? []).map((step) => step.sql.split('\n').length));
      const index = lesson?.steps.findIndex((step) => step.sql.split('\n').length === longest) ?? 0;
      const page = await open(suite.context, `/present/${slug}/`);
      await waitReady(page);
      for (let i = 0; i < index; i++) {
        await page.keyboard.press('ArrowRight');
        await page.locator('.present-result .verdict').waitFor({ timeout: 60_000 });
        await page.keyboard.press('ArrowRight');
      }
      await page.keyboard.press('ArrowRight');
      await page.locator('.present-result .verdict, .present-result .stopped').waitFor({ timeout: 60_000 });
      expect(await overflow(page)).toEqual({ page: false, step: false });
    },
  );

  test('the speaker view shows notes the audience never sees, and the two windows stay in step both ways', async () => {
    const audience = await open(suite.context, '/present/minimal-schema/');
    await waitReady(audience);
    const speaker = await open(suite.context, '/present/minimal-schema/speaker/');
    await speaker.waitForFunction(() =>
      document.querySelector('.speaker-status')?.hasAttribute('data-linked'),
    );
    expect(await speaker.locator('.speaker-current').textContent()).toBe(
      `Step 1 of ${steps.length}: ${steps[0]?.title}`,
    );
    expect(await speaker.locator('.speaker-notes').textContent()).toContain(
      'One function guards every write table.',
    );
    expect(await speaker.locator('.speaker-next-title').textContent()).toBe(
      `Next: step 2, ${steps[1]?.title}`,
    );

    // The audience steps; the speaker follows.
    await audience.keyboard.press('ArrowRight');
    await audience.locator('.present-result .verdict').waitFor();
    await audience.keyboard.press('ArrowRight');
    await speaker.waitForFunction(() =>
      document.querySelector('.speaker-current')?.textContent?.startsWith('Step 2 '),
    );
    expect(await speaker.locator('.speaker-notes').textContent()).toContain(
      'opens the transaction that creates version 0',
    );

    // The speaker steps; the audience follows.
    await speaker.keyboard.press('ArrowRight');
    await audience.locator('.present-result .verdict').waitFor();
    await speaker.keyboard.press('ArrowRight');
    await audience.waitForFunction(
      () => document.querySelector('.present-counter')?.textContent === 'Step 3 of 9',
    );
    await speaker.waitForFunction(() =>
      document.querySelector('.speaker-current')?.textContent?.startsWith('Step 3 '),
    );

    // The audience window's page holds no notes at all.
    const html = await audience.content();
    for (const step of steps) if (step.notes) expect(html).not.toContain(step.notes.slice(0, 30));
    expect(await speaker.locator('.speaker-clock').textContent()).toMatch(/^\d\d:\d\d$/);
    expect([...pageErrors(audience), ...pageErrors(speaker)]).toEqual([]);
  });
});
