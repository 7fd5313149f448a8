import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { loadCourse } from '../../src/lesson/loadCourse';
import { axeViolations } from './support/axe';
import {
  browserPerTest,
  chromiumPath,
  newContext,
  pageErrors,
  screenshotDir,
  siteUrl,
  waitReady,
} from './support/browser';

const course = loadCourse();
const stages = course.lessons.filter((lesson) => lesson.steps.length > 0);
const minimal = course.lessons.find((lesson) => lesson.slug === 'minimal-schema');
const steps = minimal?.steps ?? [];
const passwords = course.lessons.find((lesson) => lesson.slug === 'passwords');
/** The step with the most lines of SQL in the course. */
const longest = stages
  .flatMap((lesson) => lesson.steps.map((step) => ({ lesson, step, lines: step.sql.split('\n').length })))
  .reduce((most, item) => (item.lines > most.lines ? item : most));
const sizes = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
] as const;

/**
 * The smallest text on the slide (SQL, expectation, result, diagram), as rendered: an HTML text's
 * computed size, an SVG text's size times the scale it is drawn at. Text hidden from sight (a
 * visually hidden caption, a tooltip) is not on the slide.
 */
function smallestText(page: Page) {
  return page.evaluate(() => {
    const main = document.querySelector('.present-main');
    let found = { size: Number.POSITIVE_INFINITY, text: '', where: '' };
    if (!main) return found;
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.textContent?.trim() || !parent || parent.closest('.visually-hidden, title')) continue;
      if (!parent.checkVisibility({ visibilityProperty: true })) continue;
      let size = Number.parseFloat(getComputedStyle(parent).fontSize);
      if (parent instanceof SVGGraphicsElement) {
        const matrix = parent.getScreenCTM();
        if (matrix) size *= Math.hypot(matrix.a, matrix.b);
      }
      if (size < found.size) {
        const where = parent instanceof SVGElement ? parent.className.baseVal : parent.className;
        found = { size: Math.round(size * 100) / 100, text: node.textContent.trim().slice(0, 40), where };
      }
    }
    return found;
  });
}

/**
 * What is cut off: the page itself scrolling, the slide wider than the screen, anything sticking out
 * of it sideways or clipped inside a box, the bar wrapping. The slide scrolls up and down, so what
 * is below the screen is not cut off: the page keys reach it.
 */
function cutOff(page: Page) {
  return page.evaluate(() => {
    const main = document.querySelector<HTMLElement>('.present-main');
    const bar = document.querySelector<HTMLElement>('.present-bar');
    if (!main || !bar) return ['no slide'];
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollHeight > window.innerHeight || root.scrollWidth > window.innerWidth)
      problems.push('the page scrolls');
    if (getComputedStyle(main).overflowY !== 'auto') problems.push('the slide cannot scroll');
    if (main.scrollWidth > main.clientWidth + 1) problems.push('the slide is wider than the screen');
    const box = main.getBoundingClientRect();
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()}.${element instanceof SVGElement ? element.className.baseVal : element.className}`;
    for (const element of main.querySelectorAll('*')) {
      if (!element.checkVisibility() || element.closest('.visually-hidden')) continue;
      const rect = element.getBoundingClientRect();
      if (rect.width > 0 && (rect.right > box.right + 1 || rect.left < box.left - 1))
        problems.push(`${name(element)} sticks out sideways`);
      if (!(element instanceof HTMLElement)) continue;
      const style = getComputedStyle(element);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1)
        problems.push(`${name(element)} clips its content`);
    }
    // Centred items of different heights start at different tops: one is on a later line only
    // when it starts below another's bottom.
    const boxes = [...bar.children].map((child) => child.getBoundingClientRect());
    const wrapped = boxes.some((one) => boxes.some((other) => one.top >= other.bottom - 1));
    if (wrapped || bar.scrollWidth > bar.clientWidth) problems.push('the bar wraps');
    return problems;
  });
}

/** axe-core's WCAG 2.x A and AA rules on the page as it is now: the ids and targets of what fails. */
async function violationsOf(page: Page): Promise<string[]> {
  return (await axeViolations(page)).map(
    (item) => `${item.id}: ${item.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

/** Two frames: the layout and the diagram follow a new screen size. */
const settle = (page: Page) =>
  page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(null)))),
  );

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(`${siteUrl}${path}`);
  return page;
}

const counter = (page: Page) => page.locator('.present-counter').textContent();
const verdict = (page: Page) => page.locator('.present-result .verdict, .present-result .stopped');
const runStep = async (page: Page) => {
  await page.keyboard.press('ArrowRight');
  await verdict(page).waitFor({ timeout: 60_000 });
};

describe.skipIf(!chromiumPath)('presenting a lesson, in Chromium', () => {
  const suite = browserPerTest({ height: 720, colorScheme: 'dark' });

  test('a whole lesson is presented from the keyboard alone at 1280×720, every step as the lesson says', async () => {
    const page = await open(suite.context, '/present/minimal-schema/');
    await waitReady(page);
    for (const [index, step] of steps.entries()) {
      expect(await counter(page)).toBe(`Step ${index + 1} of ${steps.length}`);
      expect(await page.locator('.present-title').textContent()).toBe(step.title);
      await runStep(page);
      expect(await verdict(page).getAttribute('class')).toContain('verdict-pass');
      expect(page.url()).toMatch(new RegExp(`#step=${index + 1}&ran$`));
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
    await page.keyboard.press('2');
    await page.waitForURL(/\/present\/usernames\/$/);
    expect(pageErrors(page)).toEqual([]);
  });

  test.each(stages.map((lesson) => lesson.slug))(
    'every step of "%s", before and after it runs, has no text under 18 px at 1280×720 and 1024×768, and nothing cut off',
    async (slug) => {
      const lesson = stages.find((item) => item.slug === slug);
      const page = await open(suite.context, `/present/${slug}/`);
      await waitReady(page);
      const smallest: Record<string, number> = {};
      for (const step of lesson?.steps ?? []) {
        for (const phase of ['before', 'after'] as const) {
          if (phase === 'after') await runStep(page);
          for (const size of sizes) {
            await page.setViewportSize(size);
            await settle(page);
            const where = `step ${step.number} ${phase} running, at ${size.width}×${size.height}`;
            const text = await smallestText(page);
            expect(text.size, `${where}: "${text.text}" (${text.where})`).toBeGreaterThanOrEqual(18);
            expect(await cutOff(page), where).toEqual([]);
            const key = `${size.width}×${size.height}`;
            smallest[key] = Math.min(smallest[key] ?? Number.POSITIVE_INFINITY, text.size);
          }
        }
        expect(await verdict(page).getAttribute('class'), `step ${step.number}`).toContain('verdict-pass');
        await page.setViewportSize(sizes[0]);
        await page.keyboard.press('ArrowRight');
      }
      console.log(`${slug}: smallest text ${JSON.stringify(smallest)} px`);
      expect(pageErrors(page)).toEqual([]);
    },
  );

  test(`the longest step (${longest.lesson.slug} step ${longest.step.number}, ${longest.lines} lines) is paged, not shrunk: Space reaches its end, then runs it`, async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const size of [...sizes, { width: 853, height: 480 }]) {
        // 853×480 is 1280×720 at 150 % browser zoom.
        const context = await newContext(suite.browser, { ...size, colorScheme });
        const page = await open(context, `/present/${longest.lesson.slug}/#step=${longest.step.number}`);
        await waitReady(page);
        await page.waitForFunction(
          (number) => document.querySelector('.present-counter')?.textContent?.startsWith(`Step ${number} `),
          longest.step.number,
        );
        await page.waitForFunction(
          () =>
            document.querySelector('.present-result .present-hint')?.textContent ===
            'Press → to run this step.',
        );
        expect((await smallestText(page)).size).toBeGreaterThanOrEqual(18);
        expect(await cutOff(page)).toEqual([]);
        const name = `${size.width}x${size.height}-${colorScheme}`;
        if (size.width !== 853)
          await page.screenshot({ path: `${screenshotDir}/present-longest-${name}.png` });
        const scroll = () =>
          page.locator('.present-main').evaluate((main) => ({
            top: main.scrollTop,
            bottom: main.scrollHeight - main.clientHeight,
          }));
        let pages = 0;
        while ((await scroll()).top < (await scroll()).bottom - 1) {
          const before = (await scroll()).top;
          await page.keyboard.press('Space');
          expect((await scroll()).top, 'each page moves on').toBeGreaterThan(before);
          pages++;
          expect(pages).toBeLessThan(20);
        }
        expect(pages).toBeGreaterThan(0);
        expect(await page.locator('.present-result .verdict').count()).toBe(0);
        await page.keyboard.press('PageUp');
        expect((await scroll()).top).toBeLessThan((await scroll()).bottom);
        // A clicker's PageDown goes on: the last page again, then the step runs (and its result
        // comes into view).
        for (let press = 0; press < 10 && (await scroll()).top < (await scroll()).bottom - 1; press++)
          await page.keyboard.press('PageDown');
        await page.keyboard.press('PageDown');
        await verdict(page).waitFor({ timeout: 60_000 });
        expect(await verdict(page).isVisible()).toBe(true);
        const shown = await verdict(page).evaluate((element) => {
          const box = element.getBoundingClientRect();
          const main = document.querySelector('.present-main')?.getBoundingClientRect();
          return !!main && box.top >= main.top && box.bottom <= main.bottom;
        });
        expect(shown, 'the verdict is on screen').toBe(true);
        expect(await verdict(page).getAttribute('class')).toContain('verdict-pass');
        expect(await counter(page)).toBe(`Step ${longest.step.number} of ${longest.lesson.steps.length}`);
        if (size.width !== 853) {
          await page.screenshot({ path: `${screenshotDir}/present-longest-${name}-ran.png` });
          expect(await violationsOf(page), name).toEqual([]);
        }
        expect(pageErrors(page)).toEqual([]);
        await context.close();
      }
    }
  });

  test('the step is in the URL: a reload lands on it with the database replayed, and g goes to a step', async () => {
    const page = await open(suite.context, '/present/passwords/');
    await waitReady(page);
    await page.keyboard.press('g');
    expect(await page.locator('.present-prompt-text').textContent()).toContain('Go to step');
    // Passwords has more than 9 steps: "9" cannot be the start of a longer number, so it goes at once.
    await page.keyboard.press('9');
    await page.waitForFunction(
      () => document.querySelector('.present-counter')?.textContent === 'Step 9 of 13',
    );
    expect(await page.locator('.present-prompt').isHidden()).toBe(true);
    expect(page.url()).toMatch(/#step=9$/);

    await page.reload();
    await waitReady(page);
    expect(await counter(page)).toBe(`Step 9 of ${passwords?.steps.length}`);
    // "bar changes their password" only passes on a database with steps 1 to 8 run.
    await runStep(page);
    expect(await verdict(page).getAttribute('class')).toContain('verdict-pass');
    expect(page.url()).toMatch(/#step=9&ran$/);
    await page.keyboard.press('ArrowLeft');
    expect(await verdict(page).getAttribute('class')).toContain('verdict-pass');

    // A second window with the link opens at the same place, its result on screen.
    const second = await open(suite.context, '/present/passwords/#step=9&ran');
    await waitReady(second);
    await verdict(second).waitFor({ timeout: 60_000 });
    expect(await counter(second)).toBe('Step 9 of 13');
    expect(await verdict(second).getAttribute('class')).toContain('verdict-pass');
    expect([...pageErrors(page), ...pageErrors(second)]).toEqual([]);
  });

  test('R asks before resetting, B blanks, + zooms, l points at lines, and a mouse click leaves the keys as the help says', async () => {
    const page = await open(suite.context, '/present/minimal-schema/');
    await waitReady(page);
    await runStep(page);
    await page.keyboard.press('r');
    expect(await page.locator('.present-prompt-text').textContent()).toContain('Enter resets');
    await page.keyboard.press('Escape');
    expect(await page.locator('.present-prompt').isHidden()).toBe(true);
    expect(await verdict(page).count()).toBe(1);
    await page.keyboard.press('r');
    await page.keyboard.press('Enter');
    await page.locator('.present-result .present-hint').waitFor();
    expect(await counter(page)).toBe(`Step 1 of ${steps.length}`);

    await page.keyboard.press('b');
    expect(await page.locator('.present-blank').isVisible()).toBe(true);
    await page.keyboard.press('b');
    expect(await page.locator('.present-blank').isVisible()).toBe(false);

    const sqlSize = () =>
      page.locator('.present-sql:not([hidden]) pre').evaluate((pre) => getComputedStyle(pre).fontSize);
    const before = Number.parseFloat(await sqlSize());
    await page.keyboard.press('+');
    expect(Number.parseFloat(await sqlSize())).toBeGreaterThan(before);
    await page.keyboard.press('0');
    expect(Number.parseFloat(await sqlSize())).toBe(before);

    for (const key of ['l', '2', '-', '4', 'Enter']) await page.keyboard.press(key);
    const lit = page.locator('.present-sql:not([hidden]) .line.present-line-lit');
    expect(await lit.count()).toBe(3);
    await page.keyboard.press('Escape');
    expect(await lit.count()).toBe(0);

    // The mouse opens and closes the keys; Space then pages (here: runs), it does not reopen them.
    await page.getByRole('button', { name: 'Keys (?)' }).click();
    await page.getByRole('dialog', { name: 'Presenter keys' }).getByRole('button', { name: 'Close' }).click();
    await page.keyboard.press('Space');
    await verdict(page).waitFor({ timeout: 60_000 });
    expect(await page.locator('.present-help').isVisible()).toBe(false);
    expect(pageErrors(page)).toEqual([]);
  });

  test('T shows the races and V the code versions on the whole slide, one moment or one try per key press, in type of 18 px or more', async () => {
    const usernames = stages.find((lesson) => lesson.slug === 'usernames');
    const races = usernames?.blocks.filter((block) => block.kind === 'race') ?? [];
    const tries = usernames?.versions?.scenarios ?? [];
    expect(races.length).toBeGreaterThan(1);
    expect(tries.length).toBeGreaterThan(1);
    const page = await open(suite.context, '/present/usernames/');
    await waitReady(page);
    const checkSizes = async (where: string) => {
      for (const size of sizes) {
        await page.setViewportSize(size);
        await settle(page);
        const text = await smallestText(page);
        expect(text.size, `${where} at ${size.width}×${size.height}: "${text.text}"`).toBeGreaterThanOrEqual(
          18,
        );
        expect(await cutOff(page), where).toEqual([]);
      }
    };
    const position = () => page.locator('.present-interlude:not([hidden]) .race-position').textContent();

    const speaker = await open(suite.context, '/present/usernames/speaker/');
    await speaker.waitForFunction(() =>
      document.querySelector('.speaker-status')?.hasAttribute('data-linked'),
    );
    // The first race comes before the first step: T on step 1 opens it, at its first moment.
    await page.keyboard.press('t');
    expect(await page.locator('.present-slide').isHidden()).toBe(true);
    const first = page.locator('.present-race[data-race-index="0"]');
    expect(await first.isVisible()).toBe(true);
    const moments = Number(/of (\d+)/.exec((await position()) ?? '')?.[1]);
    expect(await position()).toBe(`Moment 1 of ${moments}`);
    // The speaker window says what is on screen, and its → steps the race too.
    await speaker.waitForFunction(() =>
      document.querySelector('.speaker-status')?.textContent?.includes('race 1 of'),
    );
    expect(await speaker.locator('.speaker-status').textContent()).toContain(`moment 1 of ${moments}`);
    await speaker.keyboard.press('ArrowRight');
    await page.waitForFunction(
      (total) =>
        document.querySelector('.present-interlude:not([hidden]) .race-position')?.textContent ===
        `Moment 2 of ${total}`,
      moments,
    );
    await speaker.keyboard.press('ArrowLeft');
    await page.waitForFunction(() =>
      document
        .querySelector('.present-interlude:not([hidden]) .race-position')
        ?.textContent?.startsWith('Moment 1 '),
    );
    await speaker.close();
    for (let moment = 2; moment <= moments; moment++) {
      await page.keyboard.press('ArrowRight');
      expect(await position()).toBe(`Moment ${moment} of ${moments}`);
      expect(await first.locator('.race-said').textContent()).not.toBe('');
    }
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('.announcer').textContent()).toContain('last moment of this race');
    await page.keyboard.press('ArrowLeft');
    expect(await position()).toBe(`Moment ${moments - 1} of ${moments}`);
    await checkSizes('a race');
    await page.setViewportSize(sizes[0]);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${screenshotDir}/present-race-1280x720-${scheme}.png` });
      expect(await violationsOf(page), `a race, ${scheme}`).toEqual([]);
    }
    // T again: the next race; Esc: back to the step, which has not moved.
    await page.keyboard.press('t');
    expect(await page.locator('.present-race[data-race-index="1"]').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.locator('.present-slide').isVisible()).toBe(true);
    expect(await counter(page)).toBe(`Step 1 of ${usernames?.steps.length}`);

    // V: each → tries one suggestion, after the lesson's steps, each as the lesson says.
    await page.keyboard.press('v');
    expect(await page.locator('.present-versions').isVisible()).toBe(true);
    for (const [index, scenario] of tries.entries()) {
      await page.keyboard.press('ArrowRight');
      await page
        .locator(`.present-tries li:nth-child(${index + 1})[data-tried]`)
        .waitFor({ timeout: 60_000 });
      expect(await page.locator('.present-tries li[data-tried]').count()).toBe(index + 1);
      expect(await page.locator('.present-try-title').textContent()).toBe(`${index + 1}. ${scenario.title}`);
      expect(await page.locator('.present-try .verdict').getAttribute('class'), scenario.title).toContain(
        'verdict-pass',
      );
      await checkSizes(`try ${index + 1}`);
      await page.setViewportSize(sizes[0]);
    }
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('.announcer').textContent()).toContain('Every suggestion has been tried');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${screenshotDir}/present-versions-1280x720-${scheme}.png` });
      expect(await violationsOf(page), `the versions, ${scheme}`).toEqual([]);
    }
    // The steps ran on the way: back on the slide, the step shows its result.
    await page.keyboard.press('Escape');
    expect(await verdict(page).getAttribute('class')).toContain('verdict-pass');
    expect(pageErrors(page)).toEqual([]);
  });

  test('the speaker view shows the SQL on screen, its verdict and notes the audience never sees, and the two windows stay in step both ways', async () => {
    const audience = await open(suite.context, '/present/minimal-schema/');
    await waitReady(audience);
    // A talk that began five minutes ago, in another lesson: the clock goes on from there.
    await audience.evaluate(() => {
      const started = Date.now() - 5 * 60_000;
      localStorage.setItem(
        'cqrs-in-postgres:presenter-talk',
        JSON.stringify({ started, laps: [{ lesson: 'usernames', started }] }),
      );
    });
    const speaker = await open(suite.context, '/present/minimal-schema/speaker/');
    await speaker.waitForFunction(() =>
      document.querySelector('.speaker-status')?.hasAttribute('data-linked'),
    );
    expect(await speaker.locator('.speaker-current').textContent()).toBe(
      `Step 1 of ${steps.length}: ${steps[0]?.title}`,
    );
    expect(await speaker.locator('.speaker-clock').textContent()).toMatch(/^05:0\d$/);
    expect(await speaker.locator('.speaker-lap').textContent()).toMatch(/this stage 00:0\d/);
    expect(await speaker.locator('.speaker-laps').textContent()).toContain('Usernames: 05:0');
    expect(await speaker.locator('.speaker-state').textContent()).toBe('Not run yet. Expected: succeeds.');
    expect(
      await speaker
        .locator('.speaker-sql code')
        .evaluateAll((lines) => lines.map((line) => line.textContent)),
    ).toEqual(steps[0]?.sql.replace(/\n+$/, '').split('\n'));
    expect(await speaker.locator('.speaker-notes').textContent()).toContain(
      'One function guards every write table.',
    );
    expect(await speaker.locator('.speaker-next-title').textContent()).toBe(
      `Next: step 2, ${steps[1]?.title}`,
    );

    // The audience steps; the speaker follows, with the verdict.
    await runStep(audience);
    await speaker.waitForFunction(() =>
      document.querySelector('.speaker-state')?.textContent?.startsWith('Passed.'),
    );
    expect(await speaker.locator('.speaker-report .verdict').getAttribute('class')).toContain('verdict-pass');
    for (const scheme of ['light', 'dark'] as const) {
      for (const page of [audience, speaker]) await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(audience), `the audience, ${scheme}`).toEqual([]);
      expect(await axeViolations(speaker), `the speaker, ${scheme}`).toEqual([]);
    }
    await audience.keyboard.press('ArrowRight');
    await speaker.waitForFunction(() =>
      document.querySelector('.speaker-current')?.textContent?.startsWith('Step 2 '),
    );
    expect(await speaker.locator('.speaker-notes').textContent()).toContain(
      'opens the transaction that creates version 0',
    );

    // The speaker points at a line; the audience shows it.
    await speaker.getByRole('button', { name: 'Point at line 3' }).click();
    await audience.locator('.present-sql:not([hidden]) .line.present-line-lit').waitFor();
    expect(await audience.locator('.present-sql:not([hidden]) .line.present-line-lit').count()).toBe(1);

    // The speaker steps, by key and by button; the audience follows.
    await speaker.keyboard.press('ArrowRight');
    await verdict(audience).waitFor();
    await speaker.getByRole('button', { name: /^Next: step 3/ }).click();
    await audience.waitForFunction(
      () => document.querySelector('.present-counter')?.textContent === 'Step 3 of 9',
    );
    await speaker.waitForFunction(() =>
      document.querySelector('.speaker-current')?.textContent?.startsWith('Step 3 '),
    );
    // R asks in the speaker window too: Esc keeps the database, nothing is sent.
    await speaker.keyboard.press('r');
    expect(await speaker.locator('.speaker-prompt').textContent()).toContain('Enter resets');
    await speaker.keyboard.press('Escape');
    expect(await counter(audience)).toBe('Step 3 of 9');

    // A reload of either window keeps the talk's clock, and the audience its step.
    await speaker.reload();
    await speaker.waitForFunction(() =>
      document.querySelector('.speaker-status')?.hasAttribute('data-linked'),
    );
    expect(await speaker.locator('.speaker-clock').textContent()).toMatch(/^05:\d\d$/);
    await audience.reload();
    await waitReady(audience);
    expect(await counter(audience)).toBe('Step 3 of 9');
    expect(await speaker.locator('.speaker-clock').textContent()).toMatch(/^05:\d\d$/);

    // The audience window's page holds no notes at all.
    const html = await audience.content();
    for (const step of steps) if (step.notes) expect(html).not.toContain(step.notes.slice(0, 30));
    expect([...pageErrors(audience), ...pageErrors(speaker)]).toEqual([]);
  });
});
