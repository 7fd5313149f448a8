import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCourse } from '../../src/lesson/loadCourse';
import {
  chromiumPath,
  launch,
  newContext,
  subSiteUrl as siteUrl,
  waitForStep,
  waitReady,
} from './support/browser';
import { subPath } from './support/globalSetup';

const { base, outDir } = subPath;
const course = loadCourse();

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? htmlFiles(path) : path.endsWith('.html') ? [path] : [];
  });
}

/** Every address a page refers to: links, scripts, styles, icons, and the engine's files in its data. */
function addressesIn(html: string): string[] {
  const attributes = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => match[1] ?? '');
  const inData = [...html.matchAll(/"(?:snapshotUrl|serviceWorker|url)":"([^"]*)"/g)].map(
    (match) => match[1] ?? '',
  );
  const lists = [...html.matchAll(/"otherSnapshotUrls":\[([^\]]*)\]/g)].flatMap((match) =>
    [...(match[1] ?? '').matchAll(/"([^"]*)"/g)].map((item) => item[1] ?? ''),
  );
  return [...attributes, ...inData, ...lists].filter(
    (address) => !/^(#|https?:|mailto:|data:)/.test(address),
  );
}

describe.skipIf(!chromiumPath)(
  'the course served under a sub-path, built with astro build --base /sub/',
  () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launch();
    });
    afterAll(() => browser?.close());

    test('every link, script, style, icon and engine file on every page is under the sub-path and is there', async () => {
      const origin = new URL(siteUrl).origin;
      const checked = new Map<string, number>();
      for (const file of htmlFiles(outDir)) {
        const page = `${base}${relative(outDir, file).replace(/(^|\/)index\.html$/, '$1')}`;
        for (const address of addressesIn(readFileSync(file, 'utf8'))) {
          const target = new URL(address, `${origin}${page}`);
          expect({ page, address, path: target.pathname.startsWith(base) }).toEqual({
            page,
            address,
            path: true,
          });
          if (!checked.has(target.pathname)) {
            checked.set(target.pathname, (await fetch(new URL(target.pathname, origin))).status);
          }
        }
      }
      const missing = [...checked].filter(([, status]) => status !== 200);
      expect(missing).toEqual([]);
      // The lessons' own links between pages are among them.
      expect(checked.has(`${base}lessons/messages/`)).toBe(true);
      expect(checked.size).toBeGreaterThan(20);
    });

    test('a lesson opens, runs and caches its engine from under the sub-path, asking for nothing outside it', async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      const outside: string[] = [];
      context.on('request', (request) => {
        const { pathname, origin } = new URL(request.url());
        if (origin === new URL(siteUrl).origin && !pathname.startsWith(base)) outside.push(pathname);
      });
      await page.goto(`${siteUrl}/lessons/usernames/`);
      await waitReady(page);
      const lesson = course.lessons.find((item) => item.slug === 'usernames');
      const last = lesson?.steps.at(-1);
      if (!last) throw new Error('no usernames lesson');
      await page.getByRole('button', { name: 'Run all steps' }).click();
      await waitForStep(page, last.id);
      expect(await page.locator(`#step-${last.id} .step-state`).getAttribute('data-state')).toBe('ok');
      await expect
        .poll(() =>
          page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.scope ?? '')),
        )
        .toBe(`${siteUrl}/`);

      // A link in the lesson prose, written from the site's root, stays under the sub-path.
      await page.goto(`${siteUrl}/lessons/rules/`);
      await page.getByRole('link', { name: 'See the whole design' }).click();
      await page.waitForURL(`${siteUrl}/lessons/messages/#step-which-write-table-feeds-which-read-table`);
      await waitReady(page);
      expect(outside).toEqual([]);
      await context.close();
    });

    test('an unknown address under the sub-path gets the course’s own 404 page, whose links work', async () => {
      const context = await newContext(browser, { width: 375 });
      const page = await context.newPage();
      const response = await page.goto(`${siteUrl}/lessons/no-such-lesson/`);
      expect(response?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('There is no page here');
      expect(await page.locator('.not-found-path').textContent()).toBe(`${base}lessons/no-such-lesson/`);
      await page.getByRole('link', { name: 'Go to the introduction' }).click();
      await page.waitForURL(`${siteUrl}/`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('CQRS in Postgres');
      await context.close();
    });
  },
);
