import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { chromiumFlags } from '../../../scripts/chromium.mjs';

export const chromiumPath = inject('chromiumPath');
export const siteUrl = inject('siteUrl');
export const subSiteUrl = inject('subSiteUrl');
export const screenshotDir = 'test-results/screenshots';

export function launch(): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
}

export interface ContextOptions {
  width?: number;
  height?: number;
  colorScheme?: 'light' | 'dark';
}

export async function newContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
}

/**
 * One Chromium for the test file, and a fresh context (storage, caches, service workers) for each
 * test: `suite.browser` and `suite.context` inside the tests.
 */
export function browserPerTest(options: ContextOptions = {}): { browser: Browser; context: BrowserContext } {
  const suite = {} as { browser: Browser; context: BrowserContext };
  beforeAll(async () => {
    suite.browser = await launch();
  });
  afterAll(() => suite.browser?.close());
  beforeEach(async () => {
    suite.context = await newContext(suite.browser, options);
  });
  afterEach(() => suite.context?.close());
  return suite;
}

/** Presses "Run all steps" and waits until `last`, the lesson's last step, has run. */
export async function runAllSteps(page: Page, last = 'deleting-history-is-refused'): Promise<void> {
  await toolbarAction(page, 'Run all steps').then((action) => action.click());
  await waitForStep(page, last);
}

/** A toolbar button; on a phone the toolbar is folded, and More unfolds it first. */
export async function toolbarAction(page: Page, name: string) {
  const action = page.locator('.lesson-toolbar').getByRole('button', { name, exact: true });
  const more = page.getByRole('button', { name: 'More lesson actions' });
  if (!(await action.isVisible()) && (await more.isVisible())) await more.click();
  return action;
}

/** Opens a lesson and waits until its database is ready. Page errors fail the test. */
export async function openLesson(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(`${siteUrl}${path}`);
  await waitReady(page);
  return page;
}

/**
 * Opens a lesson in a second tab, which works in memory while the first keeps the database: a restart
 * there replays the session's statements, the path a browser without a private file system takes.
 */
export async function openInMemory(context: BrowserContext, path: string): Promise<Page> {
  await openLesson(context, path);
  const page = await openLesson(context, path);
  await page
    .locator('.toolbar-message', { hasText: 'What you run here is not kept after you leave' })
    .waitFor({ timeout: 30_000 });
  return page;
}

export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}

export async function waitReady(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('.engine-status')?.getAttribute('data-state') === 'ready',
    null,
    {
      timeout,
    },
  );
}

/** A step's editor, started as a learner would (the Edit button) if it is not there yet. */
export async function editorOf(page: Page, id: string) {
  const step = page.locator(`#step-${id}`);
  const edit = step.getByRole('button', { name: /^Edit the SQL of step/ });
  // An editor may already be on its way (a saved edit, another tab's): then there is no Edit button.
  if ((await step.locator('.cm-content').count()) === 0 && (await edit.isVisible())) await edit.click();
  const editor = step.locator('.cm-content');
  await editor.waitFor();
  return editor;
}

/** Types SQL into the scratch console and runs it with Ctrl+Enter. Returns the newest log entry. */
export async function runInConsole(page: Page, sql: string) {
  // The console's editor loads when it comes near the screen.
  await page.locator('.console').scrollIntoViewIfNeeded();
  const editor = page.locator('.console .cm-content');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
  const before = await page.locator('.console-entry').count();
  await page.keyboard.press('Control+Enter');
  await page.locator('.console-entry').nth(0).waitFor();
  await page.waitForFunction(
    (count) => {
      const entries = document.querySelectorAll('.console-entry');
      const newest = entries[0];
      // Done: its result is there, and what it changed (or it was stopped, which has no observation).
      return (
        entries.length > count &&
        newest &&
        (newest.hasAttribute('data-observed') || !!newest.querySelector('.stopped'))
      );
    },
    before,
    { timeout: 60_000 },
  );
  return page.locator('.console-entry').first();
}

/** Waits until a step has run; a step the engine stopped, or one that never ends, fails with what the page shows. */
export async function waitForStep(page: Page, id: string): Promise<void> {
  let value: unknown;
  try {
    const handle = await page.waitForFunction(
      (stepId) => {
        const section = document.querySelector(`#step-${stepId}`);
        const stopped = section?.querySelector('.stopped')?.textContent;
        if (stopped) return stopped;
        const state = section?.querySelector('.step-state')?.getAttribute('data-state') ?? '';
        const observed = section?.querySelector('.step-output')?.hasAttribute('data-observed');
        return !['running', 'not-run'].includes(state) && observed && 'done';
      },
      id,
      { timeout: 90_000 },
    );
    value = await handle.jsonValue();
  } catch (error) {
    const seen = await page.evaluate((stepId) => {
      const section = document.querySelector(`#step-${stepId}`);
      return {
        state: section?.querySelector('.step-state')?.getAttribute('data-state'),
        status: document.querySelector('.engine-status')?.textContent,
        statusState: document.querySelector('.engine-status')?.getAttribute('data-state'),
        output: section?.querySelector('.step-output')?.textContent?.slice(0, 300),
      };
    }, id);
    throw new Error(`step ${id} did not finish: ${JSON.stringify(seen)}`, { cause: error });
  }
  if (value !== 'done') throw new Error(`step ${id} was stopped: ${String(value)}`);
}

/** The arrows a diagram draws, as "table -trigger-> table", sorted; with their state if asked. */
export function diagramEdges(page: Page, scope: string, withState = false): Promise<string[]> {
  return page.locator(`${scope} g[data-trigger]`).evaluateAll(
    (groups, stateToo) =>
      groups
        .map((group) => {
          const { from, to, trigger, state } = (group as SVGGElement).dataset;
          return `${from} -${trigger}-> ${to}${stateToo ? ` (${state})` : ''}`;
        })
        .sort(),
    withState,
  );
}

/** The rows of the newest console entry's last result table, as text. */
export async function consoleRows(page: Page, sql: string): Promise<string[][]> {
  const entry = await runInConsole(page, sql);
  return entry
    .locator('.statement table')
    .last()
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
}
