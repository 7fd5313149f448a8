import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lessonUrl, loadCourse } from '../../src/lesson/loadCourse';
import type { Step } from '../../src/lesson/types';
import {
  chromiumPath,
  consoleRows,
  diagramEdges,
  launch,
  newContext,
  openLesson,
  pageErrors,
  screenshotDir,
  waitForStep,
} from './support/browser';

const course = loadCourse();
const runnable = course.lessons.filter((lesson) => lesson.steps.length > 0);

/** The last result table a step shows, read back from the page: NULL cells as null. */
function lastResultTable(page: Page, step: Step) {
  return page.evaluate((id) => {
    const tables = [...document.querySelectorAll(`#step-${id} .step-output .statement table`)];
    const table = tables.at(-1);
    if (!table) return null;
    return {
      columns: [...table.querySelectorAll('thead th')].map((th) => th.textContent),
      rows: [...table.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => (td.classList.contains('null') ? null : td.textContent)),
      ),
    };
  }, step.id);
}

describe.skipIf(!chromiumPath)('every lesson, run step by step in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  for (const lesson of runnable) {
    test(`"${lesson.title}": every step's outcome matches the lesson, and the page is captured in light and dark`, async () => {
      const context = await newContext(browser);
      const page = await openLesson(context, lessonUrl(lesson));
      // This suite checks outcomes, not speed: a busy machine must not trip the time limit.
      await page.getByLabel('Stop statements after').selectOption('60');
      for (const step of lesson.steps) {
        const section = page.locator(`#step-${step.id}`);
        // Pressed from the keyboard, as a keyboard user would; it also cannot miss when long editors
        // above re-measure their height as they scroll into view.
        await section.getByRole('button', { name: `Run step ${step.number}, ${step.title}` }).press('Enter');
        await waitForStep(page, step.id);
        const verdict = await section.locator('.verdict').textContent();
        expect({
          step: step.title,
          state: await section.locator('.step-state').getAttribute('data-state'),
          verdict,
        }).toEqual({
          step: step.title,
          state: 'ok',
          verdict: expect.any(String),
        });
        if (step.expect.kind === 'rows' && step.expect.rows.length > 0) {
          expect(await lastResultTable(page, step)).toEqual({
            columns: step.expect.columns,
            rows: step.expect.rows,
          });
        }
        if (step.expect.kind === 'error') {
          await expect
            .poll(() => section.getByRole('alert').first().textContent())
            .toContain(`Error ${step.expect.code}`);
        }
      }
      // The live diagram draws exactly the feed triggers the catalog has, each to its read table.
      const feeds = await consoleRows(
        page,
        "SELECT tgrelid::regclass::text, tgname, substr(tgname, 6) FROM pg_trigger WHERE tgname LIKE 'feed\\_%' ORDER BY 1, 2",
      );
      expect(await diagramEdges(page, '.live-diagram')).toEqual(
        feeds.map(([table, trigger, target]) => `${table} -${trigger}-> ${target}`).sort(),
      );
      await page.screenshot({ path: `${screenshotDir}/${lesson.slug}-light.png`, fullPage: true });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: `${screenshotDir}/${lesson.slug}-dark.png`, fullPage: true });
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    });
  }
});
