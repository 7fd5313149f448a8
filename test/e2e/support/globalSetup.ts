import type { TestProject } from 'vitest/node';
import { findChromium } from '../../../scripts/chromium.mjs';
import { buildSite, startPreview } from '../../../scripts/site.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the Chromium to drive, or '' when none was found and the suite is skipped. */
    chromiumPath: string;
    /** Where the built site is served, e.g. http://127.0.0.1:41234. */
    siteUrl: string;
  }
}

/** Builds the site, serves it on a free loopback port and finds a Chromium to drive. */
export default async function setup(project: TestProject) {
  const chromiumPath = findChromium();
  project.provide('chromiumPath', chromiumPath);
  project.provide('siteUrl', '');
  if (!chromiumPath) {
    const why = 'no Chromium at /usr/bin/chromium (apt-get install chromium) or in CHROMIUM_PATH';
    if (process.env['CI']) throw new Error(`Browser tests cannot run: ${why}.`);
    console.log(`Browser tests skipped: ${why}.`);
    return;
  }
  buildSite();
  const { url: siteUrl, stop } = await startPreview();
  project.provide('siteUrl', siteUrl);
  return stop;
}
