import { expect, test } from 'vitest';
import { downloadProgress } from '../src/engine/downloadProgress';

test('a download in 64 kB pieces is told once per whole per cent, from its first byte to its last', () => {
  const told: (number | undefined)[] = [];
  const report = downloadProgress((_phase, _message, done) => told.push(done));
  const total = 16_384_392;
  for (let done = 0; done < total; done += 65_536) report(done, total);
  report(total, total);
  expect(told[0]).toBe(0);
  expect(told.at(-1)).toBe(total);
  expect(told.length).toBe(101);
  const percents = told.map((done) => Math.floor((100 * (done ?? 0)) / total));
  expect(new Set(percents).size).toBe(percents.length);
});

test('nothing to download is said as reading from this device', () => {
  const told: string[] = [];
  downloadProgress((phase, message) => told.push(`${phase}: ${message}`))(0, 0);
  expect(told).toEqual(['start: Loading PostgreSQL from this device…']);
});
