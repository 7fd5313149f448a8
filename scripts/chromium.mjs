// Where to find Chromium and how to start it here; shared by the browser tests and the benchmark.
import { existsSync } from 'node:fs';

/** Flags this closed network needs: without them Chromium stalls on background connections. */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * CHROMIUM_PATH, or Debian's Chromium; '' when there is none. With `headlessShell`, Debian's
 * chromium-headless-shell first when it is installed: the same Blink and V8 without the browser's
 * window machinery, which took about a fifth of the browser tests' CPU. The benchmark keeps the
 * browser a learner runs.
 */
export function findChromium({ headlessShell = false } = {}) {
  const candidates = [
    process.env.CHROMIUM_PATH,
    ...(headlessShell ? ['/usr/bin/chromium-headless-shell'] : []),
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
  ];
  return candidates.find((path) => !!path && existsSync(path)) ?? '';
}
