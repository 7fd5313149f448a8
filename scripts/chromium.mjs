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

/** CHROMIUM_PATH, or Debian's Chromium; '' when there is none. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path) => !!path && existsSync(path)) ?? '';
}
