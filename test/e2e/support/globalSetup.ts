import type { TestProject } from 'vitest/node';
import { findChromium } from '../../../scripts/chromium.mjs';
import { serveStatic } from '../../../scripts/serve.mjs';
import { buildSite, startPreview } from '../../../scripts/site.mjs';

/** The course built again under a sub-path, as a host serving it from a folder would. */
export const subPath = { base: '/sub/', outDir: 'dist-sub' } as const;

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the Chromium to drive, or '' when none was found and the suite is skipped. */
    chromiumPath: string;
    /** Where the built site is served, e.g. http://127.0.0.1:41234. */
    siteUrl: string;
    /** Where the site built under `subPath.base` is served, base included, e.g. http://127.0.0.1:41235/sub. */
    subSiteUrl: string;
  }
}

/** Builds the site, serves it on a free loopback port and finds a Chromium to drive. */
export default async function setup(project: TestProject) {
  const chromiumPath = findChromium({ headlessShell: true });
  project.provide('chromiumPath', chromiumPath);
  project.provide('siteUrl', '');
  project.provide('subSiteUrl', '');
  if (!chromiumPath) {
    const why = 'no Chromium at /usr/bin/chromium (apt-get install chromium) or in CHROMIUM_PATH';
    if (process.env['CI']) throw new Error(`Browser tests cannot run: ${why}.`);
    console.log(`Browser tests skipped: ${why}.`);
    return;
  }
  // Both builds here, once, before any file runs: files run side by side, and two of them need the sub-path.
  buildSite();
  buildSite(subPath);
  const { url: siteUrl, stop } = await startPreview();
  const sub = await serveStatic(subPath.outDir, { base: subPath.base });
  project.provide('siteUrl', siteUrl);
  project.provide('subSiteUrl', sub.url);
  return () => {
    stop();
    sub.stop();
  };
}
