import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lessonUrl, loadCourse } from '../../src/lesson/loadCourse';
import type { Lesson } from '../../src/lesson/types';
import { axeViolations } from './support/axe';
import {
  chromiumPath,
  editorOf,
  launch,
  newContext,
  openLesson,
  pageErrors,
  runAllSteps,
  runInConsole,
  siteUrl,
} from './support/browser';

const course = loadCourse();
const widths = [1280, 375] as const;
const schemes = ['light', 'dark'] as const;

/** axe-core's WCAG 2.x A and AA rules on the page as it is now, in both colour schemes. */
async function violations(page: Page): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const scheme of schemes) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const violation of await axeViolations(page)) {
      found[`${scheme}: ${violation.id}`] = violation.nodes.map(
        (node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`,
      );
    }
  }
  return found;
}

/** How far the page scrolls sideways: 0 when nothing is wider than the screen. */
function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Every step run, every disclosure opened and every exercise checked: the most a page shows. */
async function showEverything(page: Page, lesson: Lesson) {
  const last = lesson.steps.at(-1);
  if (!last) return;
  await runAllSteps(page, last.id);
  for (const exercise of lesson.exercises) {
    const section = page.locator(`#exercise-${exercise.id}`);
    await section.getByRole('button', { name: /^Check your SQL/ }).click();
    await section.locator('.check-summary').waitFor();
    await section.getByRole('button', { name: /^Hint \(1 of/ }).click();
    await section.getByRole('button', { name: 'Show a solution' }).click();
  }
  await page.evaluate(() => {
    for (const details of document.querySelectorAll('details')) details.open = true;
  });
  // Editors load on first use: one step's, and the console's with an error in it.
  await editorOf(page, lesson.steps[0]?.id ?? '');
  await runInConsole(page, 'SELECT 1/0;');
  // Let the diagrams lay out once opened.
  await page.waitForTimeout(300);
}

describe.skipIf(!chromiumPath)('accessibility and layout on every page, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  for (const lesson of course.lessons) {
    for (const width of widths) {
      test(`${lessonUrl(lesson)} at ${width} px: no axe violation in light or dark, before or after running every step, and no sideways scroll`, async () => {
        const context = await newContext(browser, { width });
        const page =
          lesson.steps.length > 0
            ? await openLesson(context, lessonUrl(lesson))
            : await context.newPage().then(async (opened) => {
                await opened.goto(`${siteUrl}${lessonUrl(lesson)}`);
                return opened;
              });
        expect(await violations(page)).toEqual({});
        expect(await sidewaysScroll(page)).toBe(0);
        await showEverything(page, lesson);
        expect(await violations(page)).toEqual({});
        expect(await sidewaysScroll(page)).toBe(0);
        expect(pageErrors(page)).toEqual([]);
        await context.close();
      });
    }
  }

  const others = [
    ...course.lessons
      .filter((lesson) => lesson.steps.length > 0)
      .flatMap((lesson) => [`/present/${lesson.slug}/`, `/present/${lesson.slug}/speaker/`]),
    '/no-such-page/',
  ];
  for (const path of others) {
    test(`${path}: no axe violation in light or dark, at 1280 and 375 px`, async () => {
      for (const width of widths) {
        const context = await newContext(browser, { width });
        const page = await context.newPage();
        await page.goto(`${siteUrl}${path}`);
        await page.waitForLoadState('load');
        expect(await violations(page)).toEqual({});
        await context.close();
      }
    });
  }
});
