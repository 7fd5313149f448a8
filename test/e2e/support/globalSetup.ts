import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { findChromium } from '../../../scripts/chromium.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the Chromium to drive, or '' when none was found and the suite is skipped. */
    chromiumPath: string;
    /** Where the built site is served, e.g. http://127.0.0.1:41234. */
    siteUrl: string;
  }
}

const astro = 'node_modules/astro/astro.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitFor(url: string, child: ChildProcess) {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`astro preview exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within 30 s`);
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
  const built = spawnSync(process.execPath, [astro, 'build'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`astro build failed:\n${built.stdout}\n${built.stderr}`);
  const port = await freePort();
  const server = spawn(process.execPath, [astro, 'preview', '--host', '127.0.0.1', '--port', String(port)], {
    stdio: 'ignore',
  });
  const siteUrl = `http://127.0.0.1:${port}`;
  await waitFor(`${siteUrl}/`, server);
  project.provide('siteUrl', siteUrl);
  return () => {
    server.kill();
  };
}
