import { readdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  browserPerTest,
  chromiumPath,
  openLesson,
  pageErrors,
  siteUrl,
  waitForStep,
  waitReady,
} from './support/browser';

const engineFile = /\.(wasm|data)$|\/engine\/.*\.tar\.gz$/;

/** Waits until the service worker controls the page and has precached this build, and every lesson's snapshot is in. */
async function waitOfflineReady(page: Page) {
  // Every runnable lesson's snapshot, as the suite's build wrote them.
  const lessons = readdirSync('dist/engine').filter((name) => name.endsWith('.tar.gz')).length;
  const ready = () =>
    page.evaluate(async (lessons) => {
      if (!navigator.serviceWorker.controller) return false;
      const names = await caches.keys();
      const site = names.find((name) => name.startsWith('cqrs-site-'));
      const engine = names.find((name) => name.startsWith('cqrs-engine-'));
      if (!site || !engine) return false;
      const cached = await (await caches.open(engine)).keys();
      const snapshots = cached.filter((request) =>
        /\/engine\/[a-z-]+-[0-9a-f]{16}\.tar\.gz$/.test(request.url),
      );
      return (await (await caches.open(site)).keys()).length > 10 && snapshots.length === lessons;
    }, lessons);
  // page.evaluate awaits the check; waitForFunction would take its promise for a yes.
  await expect.poll(ready, { timeout: 60_000, interval: 200 }).toBe(true);
}

describe.skipIf(!chromiumPath)('caching and offline use, in Chromium', () => {
  const suite = browserPerTest();

  test('after one visit, the course works offline, every lesson from its snapshot, visited or not', async () => {
    const first = await openLesson(suite.context, '/lessons/minimal-schema/');
    await waitOfflineReady(first);
    await suite.context.setOffline(true);

    const next = await openLesson(suite.context, '/lessons/usernames/');
    expect(await next.locator('.engine-status').textContent()).toBe('Ready');
    await next.locator('#step-register-bar-through-v1 .button-primary').press('Enter');
    await waitForStep(next, 'register-bar-through-v1');
    expect(await next.locator('#step-register-bar-through-v1 .step-state').getAttribute('data-state')).toBe(
      'ok',
    );

    const far = await openLesson(suite.context, '/lessons/rules/');
    expect(await far.locator('.engine-status').textContent()).toBe('Ready');
    await far.locator('#step-users-2-equals-a-replay-of-its-history .button-primary').press('Enter');
    await waitForStep(far, 'users-2-equals-a-replay-of-its-history');
    expect(
      await far
        .locator('#step-users-2-equals-a-replay-of-its-history .step-state')
        .getAttribute('data-state'),
    ).toBe('ok');

    const presenter = await suite.context.newPage();
    await presenter.goto(`${siteUrl}/present/usernames/`);
    await waitReady(presenter);
    expect([...pageErrors(first), ...pageErrors(next), ...pageErrors(far)]).toEqual([]);
  });

  test('a second visit downloads no engine file again, whatever the host says about caching', async () => {
    const page = await openLesson(suite.context, '/lessons/minimal-schema/');
    await waitOfflineReady(page);
    const fetched: string[] = [];
    suite.context.on('request', (request) => {
      if (engineFile.test(new URL(request.url()).pathname)) fetched.push(request.url());
    });
    await page.reload();
    await waitReady(page);
    expect(fetched).toEqual([]);
  });

  test('a first visit shows the bytes downloaded of the total while the engine downloads', async () => {
    const page = await suite.context.newPage();
    const cdp = await suite.context.newCDPSession(page);
    await cdp.send('Network.enable');
    // About 40 Mbit/s: slow enough to see the download, fast enough for a test.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: 5_000_000,
      uploadThroughput: 1_000_000,
    });
    const seen = new Set<string>();
    const values: number[] = [];
    await page.exposeFunction('report', (text: string, value: number) => {
      seen.add(text);
      values.push(value);
    });
    await page.addInitScript(() => {
      new MutationObserver(() => {
        const status = document.querySelector('.engine-status');
        const progress = document.querySelector<HTMLProgressElement>('.engine-progress');
        if (status?.textContent)
          (window as unknown as { report: (t: string, v: number) => void }).report(
            status.textContent,
            progress?.value ?? 0,
          );
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    // Not the load event: with the network throttled and another test file beside this one, it once
    // came after the 30 s navigation limit. The progress this test watches starts before it anyway.
    await page.goto(`${siteUrl}/lessons/tidy-up/`, { waitUntil: 'commit' });
    await waitReady(page, 120_000);
    const downloads = [...seen].filter((text) => text.startsWith('Downloading PostgreSQL'));
    expect(downloads.length).toBeGreaterThan(2);
    expect(downloads.at(-1)).toMatch(
      /^Downloading PostgreSQL and the lesson’s database… \d+\.\d MB of \d+\.\d MB$/,
    );
    expect(Math.max(...values)).toBeGreaterThan(1_000_000);
    // Honest from the first frame: one total all along, counted in bytes that come over the network.
    const totals = new Set(downloads.map((text) => text.match(/of (\d+\.\d) MB$/)?.[1]));
    expect(totals.size).toBe(1);
  });
});
