import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeViolations } from './support/axe';
import { chromiumPath, launch, newContext, screenshotDir, siteUrl, subSiteUrl } from './support/browser';
import { subPath } from './support/globalSetup';

/** The step of the usernames lesson whose SQL sets lock_timeout first. */
const lockStep = 'step-begin-the-migration-and-lock-what-it-reads';
/** A step of the rules lesson named after search_path. */
const pathStep = 'step-a-session-with-another-search-path-still-registers';

/** Types a query as a reader would and waits for the results it lists. */
async function search(page: Page, query: string): Promise<void> {
  const field = page.getByRole('searchbox', { name: 'Search the course' });
  await field.waitFor();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(query);
  // The index loads on first use: on a busy machine that takes more than expect.poll's default second.
  await expect
    .poll(() => page.locator('#search-count').textContent(), { timeout: 30_000 })
    .toMatch(/^\d+ results? in \d+ lessons?\.$/);
}

/** The listed results' addresses, as their links have them. */
function hrefs(page: Page): Promise<string[]> {
  return page
    .locator('.search-results a')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
}

/** What has focus (its id), and whether that element's top is on the screen. */
function focusedPlace(page: Page): Promise<{ id: string; inView: boolean }> {
  return page.evaluate(() => {
    const focused = document.activeElement;
    const top = focused?.getBoundingClientRect().top ?? -1;
    return { id: focused?.id ?? '', inView: top >= 0 && top < window.innerHeight };
  });
}

/** ↓ from the search field until the result linking to `href` has focus. */
async function arrowTo(page: Page, href: string): Promise<void> {
  const count = await page.locator('.search-results a').count();
  for (let press = 0; press < count; press++) {
    await page.keyboard.press('ArrowDown');
    if ((await page.evaluate(() => document.activeElement?.getAttribute('href'))) === href) return;
  }
  throw new Error(`no result links to ${href}: ${(await hrefs(page)).join(', ')}`);
}

/** axe-core's WCAG 2.x A and AA rules on the page as it is now, in the given colour scheme. */
async function violations(page: Page): Promise<string[]> {
  return (await axeViolations(page)).flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} ${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
  );
}

describe.skipIf(!chromiumPath)('searching the course, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  /** A page of the course in a context of its own; page errors are collected. */
  async function open(context: BrowserContext, url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    return { page, errors };
  }

  test('keyboard only: / opens search, lock_timeout lists the step that sets it, and ↓ then Enter opens that step in view and focused', async () => {
    const context = await newContext(browser);
    const { page, errors } = await open(context, `${siteUrl}/`);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-field');
    await search(page, 'lock_timeout');
    const listed = await hrefs(page);
    const target = `/lessons/usernames/#${lockStep}`;
    expect(listed).toContain(target);
    // Every result points at a place in a lesson: a step, an exercise or a section's heading.
    for (const href of listed) expect(href).toMatch(/^\/lessons\/[a-z-]+\/#[a-z0-9-]+$/);
    await arrowTo(page, target);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${siteUrl}${target}`);
    await expect.poll(() => focusedPlace(page)).toEqual({ id: lockStep, inView: true });
    // The lesson's own start (its engine, its panels) does not take the place away.
    await page.waitForFunction(
      () => document.querySelector('.engine-status')?.getAttribute('data-state') === 'ready',
      null,
      { timeout: 60_000 },
    );
    expect(await focusedPlace(page)).toEqual({ id: lockStep, inView: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  test('Ctrl+K opens search on a lesson; a result on the same page is scrolled to and focused; Escape gives focus back', async () => {
    const context = await newContext(browser);
    const { page, errors } = await open(context, `${siteUrl}/lessons/rules/`);
    const opener = page.getByRole('link', { name: 'Introduction' });
    await opener.focus();
    await page.keyboard.press('Control+k');
    await search(page, 'search_path');
    await page.keyboard.press('Escape');
    expect(
      await page.locator('.search-dialog').evaluate((dialog) => (dialog as HTMLDialogElement).open),
    ).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Introduction');

    await page.getByRole('button', { name: 'Search', exact: true }).click();
    // The last query is still there, with its results.
    expect(await page.getByRole('searchbox').inputValue()).toBe('search_path');
    await page.locator(`.search-results a[href="/lessons/rules/#${pathStep}"]`).click();
    expect(
      await page.locator('.search-dialog').evaluate((dialog) => (dialog as HTMLDialogElement).open),
    ).toBe(false);
    expect(new URL(page.url()).hash).toBe(`#${pathStep}`);
    await expect.poll(() => focusedPlace(page)).toEqual({ id: pathStep, inView: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  test('Enter right after typing waits for that query’s results and follows the first', async () => {
    const context = await newContext(browser);
    const { page } = await open(context, `${siteUrl}/`);
    await page.keyboard.press('Control+k');
    await page.keyboard.type('SIReadLock');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/lessons\/[a-z-]+\/#[a-z0-9-]+$/);
    const { hash } = new URL(page.url());
    await expect.poll(() => focusedPlace(page)).toEqual({ id: hash.slice(1), inView: true });
    await context.close();
  });

  test('excerpts are text: the SQL’s < and > show as typed, and the only elements are the marks around the words found', async () => {
    const context = await newContext(browser);
    const { page } = await open(context, `${siteUrl}/`);
    await page.keyboard.press('/');
    await search(page, 'SIReadLock');
    const excerpts = await page.locator('.search-hit-excerpt').evaluateAll((paragraphs) =>
      paragraphs.map((paragraph) => ({
        text: paragraph.textContent ?? '',
        elements: [...paragraph.querySelectorAll('*')].map((element) => element.tagName),
        marked: [...paragraph.querySelectorAll('mark')].map((mark) => mark.textContent),
      })),
    );
    expect(excerpts.length).toBeGreaterThan(0);
    expect(excerpts.some((excerpt) => excerpt.text.includes("mode <> 'SIReadLock'"))).toBe(true);
    for (const excerpt of excerpts) {
      expect(excerpt.elements.every((tag) => tag === 'MARK')).toBe(true);
      expect(excerpt.marked.every((word) => /SIReadLock/.test(word ?? ''))).toBe(true);
      expect(excerpt.text).not.toMatch(/&lt;|&gt;|&amp;|<mark>/);
    }
    await context.close();
  });

  test('after one visit to a lesson the index is cached: offline, search still finds lock_timeout and opens the step', async () => {
    const context = await newContext(browser);
    const { page } = await open(context, `${siteUrl}/lessons/minimal-schema/`);
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            if (!navigator.serviceWorker.controller) return false;
            const site = (await caches.keys()).find((name) => name.startsWith('cqrs-site-'));
            if (!site) return false;
            const cached = (await (await caches.open(site)).keys()).map(
              (request) => new URL(request.url).pathname,
            );
            return (
              cached.includes('/pagefind/pagefind.js') && cached.some((path) => path.endsWith('.pf_index'))
            );
          }),
        { timeout: 60_000, interval: 200 },
      )
      .toBe(true);
    await context.setOffline(true);
    await page.goto(`${siteUrl}/`);
    await page.keyboard.press('/');
    await search(page, 'lock_timeout');
    await page.locator(`.search-results a[href="/lessons/usernames/#${lockStep}"]`).click();
    await page.waitForURL(`${siteUrl}/lessons/usernames/#${lockStep}`);
    await expect.poll(() => focusedPlace(page)).toEqual({ id: lockStep, inView: true });
    await context.close();
  });

  for (const width of [375, 1280] as const)
    test(`at ${width} px, light and dark: the open dialog with results has no axe violation, fits the screen and its controls are 44 px targets`, async () => {
      const context = await newContext(browser, { width, height: width === 375 ? 812 : 900 });
      const { page, errors } = await open(context, `${siteUrl}/`);
      // On a phone the lesson list folds away, but search stays on the first screen.
      const button = page.getByRole('button', { name: 'Search', exact: true });
      const box = await button.boundingBox();
      expect(box && box.y + box.height <= (width === 375 ? 812 : 900)).toBe(true);
      await button.click();
      await search(page, 'search_path');
      const sizes = await page
        .locator('.search-open, #search-field, .search-close, .search-results a')
        .evaluateAll((elements) =>
          elements.map((element) => {
            const rect = element.getBoundingClientRect();
            return { what: element.className || element.id, small: rect.width < 44 || rect.height < 44 };
          }),
        );
      expect(sizes.filter((size) => size.small)).toEqual([]);
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
      ).toBe(0);
      const dialog = await page.locator('.search-dialog').boundingBox();
      expect(dialog && dialog.x >= 0 && dialog.x + dialog.width <= width).toBe(true);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        expect(await violations(page), scheme).toEqual([]);
        await page.screenshot({ path: `${screenshotDir}/search-${width}-${scheme}.png` });
      }
      expect(errors).toEqual([]);
      await context.close();
    });
});

describe.skipIf(!chromiumPath)(
  'searching the course served under a sub-path (astro build --base /sub/)',
  () => {
    const { base } = subPath;
    const url = subSiteUrl;
    let browser: Browser;
    beforeAll(async () => {
      browser = await launch();
    });
    afterAll(() => browser?.close());

    test('the index loads from under the sub-path, every result links under it, and a result opens its step', async () => {
      const context = await newContext(browser);
      const outside: string[] = [];
      context.on('request', (request) => {
        const { pathname, origin } = new URL(request.url());
        if (origin === new URL(url).origin && !pathname.startsWith(base)) outside.push(pathname);
      });
      const page = await context.newPage();
      await page.goto(`${url}/lessons/rules/`);
      await page.keyboard.press('Control+k');
      await search(page, 'lock_timeout');
      const listed = await hrefs(page);
      for (const href of listed) expect(href).toMatch(/^\/sub\/lessons\/[a-z-]+\/#[a-z0-9-]+$/);
      await arrowTo(page, `/sub/lessons/usernames/#${lockStep}`);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${url}/lessons/usernames/#${lockStep}`);
      await expect.poll(() => focusedPlace(page)).toEqual({ id: lockStep, inView: true });
      expect(outside).toEqual([]);
      await context.close();
    });
  },
);
