import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { lessonUrl, loadCourse } from '../../src/lesson/loadCourse';
import { axeViolations } from './support/axe';
import {
  browserPerTest,
  chromiumPath,
  newContext,
  openLesson,
  pageErrors,
  runAllSteps,
  runInConsole,
  screenshotDir,
  siteUrl,
  toolbarAction,
} from './support/browser';

const phone = { width: 375, height: 812 };
const course = loadCourse();

/**
 * Every control on screen or scrolled to that is smaller than 44×44 px, as "what: w×h". Links in
 * the middle of a sentence are left out, as WCAG 2.5.8 leaves them out: they are as tall as the line.
 */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector =
      'a[href], button, select, input, textarea, summary, [tabindex]:not([tabindex="-1"]), [role="tab"], [role="separator"]';
    const small: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || box.right < 0 || box.bottom + window.scrollY < 0) continue;
      if (getComputedStyle(element).visibility === 'hidden') continue;
      const block = element.closest('p, li, td, dd, blockquote');
      const inSentence =
        element.tagName === 'A' &&
        element.closest('main') &&
        block &&
        (block.textContent ?? '').trim().length > (element.textContent ?? '').trim().length;
      if (inSentence) continue;
      if (box.width + 0.5 < 44 || box.height + 0.5 < 44) {
        const name = element.getAttribute('aria-label') ?? element.textContent ?? '';
        small.push(
          `${element.tagName.toLowerCase()}.${element.className} "${name.trim().slice(0, 40)}": ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
      }
    }
    return [...new Set(small)];
  });
}

/** How far the page is wider than the screen: 0 when nothing scrolls sideways. */
const sideways = (page: Page) =>
  page.evaluate(() => (document.scrollingElement?.scrollWidth ?? Infinity) - window.innerWidth);

/** axe-core's WCAG 2.x A and AA rules, in light and in dark. */
async function violations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const violation of await axeViolations(page)) {
      for (const node of violation.nodes) found.push(`${scheme} ${violation.id}: ${node.target.join(' ')}`);
    }
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

/** Presses a suggestion's "Try it" and returns its verdict once it has one. */
async function tryIt(page: Page, title: string): Promise<string> {
  const item = page.locator('.scenario').filter({ hasText: title }).first();
  await item.getByRole('button', { name: `Try it: ${title}` }).click();
  const verdict = item.locator('.scenario-verdict');
  await page.waitForFunction(
    (node) => !!node?.textContent && node.textContent !== 'Running…',
    await verdict.elementHandle(),
    { timeout: 60_000 },
  );
  return (await verdict.textContent()) ?? '';
}

/** The docked console's box and the screen's height. */
const consoleBox = (page: Page) =>
  page.evaluate(() => {
    const box = document.querySelector('#console')?.getBoundingClientRect();
    return { top: box?.top ?? 0, height: box?.height ?? 0, screen: window.innerHeight };
  });

describe.skipIf(!chromiumPath)('the course on a phone, 375×812, in Chromium', () => {
  const suite = browserPerTest(phone);

  test("the first screen shows the lesson's title and its first lines, under a toolbar folded to one line", async () => {
    const page = await openLesson(suite.context, '/lessons/usernames/');
    const toolbar = await page.locator('.lesson-toolbar').boundingBox();
    expect(toolbar?.height).toBeLessThanOrEqual(64);
    const title = await page.getByRole('heading', { level: 1 }).boundingBox();
    expect((title?.y ?? Infinity) + (title?.height ?? 0)).toBeLessThan(phone.height);
    // The first line of the lesson's own text, below its header, is on the screen too.
    const first = await page.locator('article.lesson > .prose p').first().boundingBox();
    expect((first?.y ?? Infinity) + 24).toBeLessThanOrEqual(phone.height);
    // More unfolds the rest of the toolbar, and says so.
    const more = page.getByRole('button', { name: 'More lesson actions' });
    expect(await page.getByRole('button', { name: 'Reset lesson' }).isVisible()).toBe(false);
    await more.click();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByRole('button', { name: 'Reset lesson' }).isVisible()).toBe(true);
    await page.screenshot({ path: `${screenshotDir}/phone-first-screen.png` });
    expect(pageErrors(page)).toEqual([]);
  });

  test('every control is at least 44×44 px, before and after running the steps, a panel send and the docked console', async () => {
    const page = await openLesson(suite.context, '/lessons/usernames/');
    expect(await smallTargets(page)).toEqual([]);
    await runAllSteps(page, 'failed-registrations-leave-no-history');
    await tryIt(page, 'v1 registers dora');
    await page.evaluate(() => {
      for (const details of document.querySelectorAll('details')) details.open = true;
    });
    await (await toolbarAction(page, 'Console')).click();
    await runInConsole(page, '\\d users_1');
    expect(await smallTargets(page)).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });

  test('the docked console takes at most half the screen, resizes, closes, leaves the page end reachable, and \\d fits inside it', async () => {
    const page = await openLesson(suite.context, '/lessons/passwords/');
    await (await toolbarAction(page, 'Console')).click();
    const docked = await consoleBox(page);
    expect(docked.height).toBeGreaterThan(100);
    expect(docked.height).toBeLessThanOrEqual(docked.screen / 2);

    const described = await runInConsole(page, '\\d users_1');
    expect(await described.locator('.describe-title').textContent()).toBe('Table "public.users_1"');
    // Wide output scrolls inside its own box; neither the console nor the page scrolls sideways.
    expect(
      await page.locator('#console').evaluate((node) => node.scrollWidth - node.clientWidth),
    ).toBeLessThanOrEqual(0);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect((await consoleBox(page)).height).toBeLessThanOrEqual(docked.screen / 2);

    // The handle: arrow keys, and a drag, never past half the screen.
    const grip = page.getByRole('separator', { name: 'Resize the docked console' });
    await grip.focus();
    for (let press = 0; press < 3; press++) await page.keyboard.press('ArrowDown');
    const smaller = await consoleBox(page);
    expect(smaller.height).toBeLessThan(docked.height);
    for (let press = 0; press < 20; press++) await page.keyboard.press('ArrowUp');
    expect((await consoleBox(page)).height).toBe(Math.floor(docked.screen / 2));
    expect(await grip.getAttribute('aria-valuenow')).toBe('50');
    const handle = await grip.boundingBox();
    if (!handle) throw new Error('the handle is not on screen');
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2, phone.height - 250, { steps: 5 });
    await page.mouse.up();
    const dragged = await consoleBox(page);
    expect(Math.abs(dragged.height - 250)).toBeLessThanOrEqual(30);

    // The page's end scrolls clear of the console: the next lesson's link can be tapped.
    await page.evaluate(() => window.scrollTo(0, document.scrollingElement?.scrollHeight ?? 0));
    const next = page.locator('.pager a[rel="next"]');
    const link = await next.boundingBox();
    expect((link?.y ?? Infinity) + (link?.height ?? 0)).toBeLessThanOrEqual(dragged.top);
    expect(
      await next.evaluate((node) => {
        const box = node.getBoundingClientRect();
        return node.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
      }),
    ).toBe(true);
    await page.screenshot({ path: `${screenshotDir}/phone-console-docked.png` });

    // Close puts it away: back at the end of the page, the toolbar's Console button not pressed.
    await page.getByRole('button', { name: /^Close the docked console/ }).click();
    expect(await page.locator('#console').evaluate((node) => getComputedStyle(node).position)).toBe('static');
    const toggle = page.locator('.lesson-toolbar').getByRole('button', { name: 'Console', exact: true });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Console');
    expect(pageErrors(page)).toEqual([]);
  });

  test('version panels are tabs, one version at a time; after the learner registers a user through v0, every suggestion still does what it says', async () => {
    const page = await openLesson(suite.context, '/lessons/usernames/');
    await runAllSteps(page, 'failed-registrations-leave-no-history');
    const tabs = page.getByRole('tablist', { name: 'Code versions' }).getByRole('tab');
    expect(await tabs.allTextContents()).toEqual(['Code v0', 'Code v1']);
    const shown = () =>
      page
        .locator('.version-panel')
        .evaluateAll((panels) =>
          panels
            .filter((panel) => !(panel as HTMLElement).hidden)
            .map((panel) => panel.getAttribute('data-version')),
        );
    expect(await shown()).toEqual(['v0']);

    // The learner's own registration, which draws the id the first suggestion expects.
    const v0 = page.getByRole('tabpanel', { name: 'Code v0' });
    await v0.getByLabel('email').fill('me@example.com');
    await v0.getByLabel('password').fill('mine');
    await v0.getByRole('button', { name: 'Register' }).click();
    await v0.locator('.panel-result').waitFor();
    expect(await v0.locator('.panel-result').textContent()).toBe('Register: done.');

    const scenarios = course.lessons.find((lesson) => lesson.slug === 'usernames')?.versions?.scenarios ?? [];
    const said: string[] = [];
    for (const scenario of scenarios) {
      said.push(`${scenario.title}: ${(await tryIt(page, scenario.title)).split('.')[0]}`);
      // The panel the suggestion sent from is the one in front.
      expect(await shown()).toEqual([scenario.version]);
    }
    expect(said).toEqual(scenarios.map((scenario) => `${scenario.title}: As described`));

    // Arrow keys move between the tabs, as in any tab list.
    await tabs.filter({ hasText: 'Code v1' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await shown()).toEqual(['v0']);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Code v0');
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.locator('.versions').screenshot({ path: `${screenshotDir}/phone-versions.png` });
    expect(await violations(page)).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });

  test("the diagram's table names are whole at 375 px, each line inside its box", async () => {
    const page = await openLesson(suite.context, '/lessons/passwords/');
    await runAllSteps(page, 'a-registered-user-that-users-2-cannot-see-is-a-retryable-40001');
    const diagram = page.locator('.live-diagram');
    if (!(await diagram.evaluate((node) => (node as HTMLDetailsElement).open)))
      await diagram.locator(':scope > summary').click();
    await page.locator('.live-diagram svg g[data-table]').first().waitFor();
    const boxes = await page.locator('.live-diagram svg g[data-table]').evaluateAll((groups) =>
      groups.map((group) => {
        const rect = group.querySelector('rect')?.getBBox();
        const name = group.querySelector('.diagram-name');
        const widest = Math.max(
          ...[...group.querySelectorAll('tspan')].map((span) =>
            (span as SVGTSpanElement).getComputedTextLength(),
          ),
        );
        return {
          table: group.getAttribute('data-table'),
          name: name?.textContent,
          fits: widest + 8 <= (rect?.width ?? 0),
        };
      }),
    );
    expect(boxes.length).toBeGreaterThanOrEqual(6);
    expect(boxes).toEqual(boxes.map((box) => ({ table: box.table, name: box.table, fits: true })));
    await diagram.screenshot({ path: `${screenshotDir}/phone-diagram.png` });
    expect(await sideways(page)).toBeLessThanOrEqual(0);
  });

  test('nothing scrolls sideways at 375 px on any page of the course', async () => {
    const page = await suite.context.newPage();
    const wide: string[] = [];
    for (const path of [...course.lessons.map((lesson) => lessonUrl(lesson)), '/no-such-page/']) {
      await page.goto(`${siteUrl}${path}`);
      await page.waitForLoadState('load');
      const over = await sideways(page);
      if (over > 0) wide.push(`${path}: ${over} px`);
    }
    expect(wide).toEqual([]);
  });

  test.each([
    [375, 'light'],
    [375, 'dark'],
    [1280, 'light'],
    [1280, 'dark'],
  ] as const)(
    'at %i px in %s: screenshots of the lesson with its toolbar, panels and console, and axe finds nothing',
    async (width, colorScheme) => {
      const context = await newContext(suite.browser, {
        width,
        height: width === 375 ? 812 : 900,
        colorScheme,
      });
      const page = await openLesson(context, '/lessons/usernames/');
      await page.screenshot({ path: `${screenshotDir}/phone-${width}-${colorScheme}-top.png` });
      await runAllSteps(page, 'failed-registrations-leave-no-history');
      await tryIt(page, 'v1 registers dora');
      await page.locator('.versions').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${screenshotDir}/phone-${width}-${colorScheme}-versions.png` });
      await (await toolbarAction(page, 'Console')).click();
      await runInConsole(page, '\\d users_1');
      await page.screenshot({ path: `${screenshotDir}/phone-${width}-${colorScheme}-console.png` });
      expect(await violations(page)).toEqual([]);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      await context.close();
    },
  );
});
