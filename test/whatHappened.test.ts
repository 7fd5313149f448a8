import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { type RaceEvent, type Recording, whatHappened } from '../src/lesson/recording';

const folder = 'content/races';
const recordings = readdirSync(folder)
  .filter((file) => file.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(`${folder}/${file}`, 'utf8')) as Recording] as const);

const edited = (recording: Recording, change: (copy: Recording) => void) => {
  const copy = structuredClone(recording);
  change(copy);
  return copy;
};
const swap = (events: RaceEvent[], i: number) => {
  [events[i], events[i + 1]] = [events[i + 1] as RaceEvent, events[i] as RaceEvent];
};
const firstIndex = (events: RaceEvent[], pass: (event: RaceEvent, next: RaceEvent) => boolean) =>
  events.findIndex((event, i) => i + 1 < events.length && pass(event, events[i + 1] as RaceEvent));

describe.each(recordings)('a hand edit of the stored recording %s is caught', (_file, recording) => {
  test('the same recording with other times and another minor version is what happened', () => {
    const retimed = edited(recording, (copy) => {
      copy.server = copy.server.replace(/\.\d+$/, '.99');
      for (const event of copy.events) event.at *= 1.7;
    });
    expect(whatHappened(retimed)).toEqual(whatHappened(recording));
  });

  test('another server major is not', () => {
    const other = edited(recording, (copy) => {
      copy.server = copy.server.startsWith('PostgreSQL 15.') ? 'PostgreSQL 18.4' : 'PostgreSQL 15.18';
    });
    expect(whatHappened(other)).not.toEqual(whatHappened(recording));
  });

  test('an outcome, a command tag or an error message changed is not', () => {
    for (const [i, event] of recording.events.entries()) {
      if (event.kind !== 'end') continue;
      type End = Extract<RaceEvent, { kind: 'end' }>;
      const changes: ((copy: End) => void)[] = [
        (copy) => Object.assign(copy, { outcome: copy.outcome === 'ok' ? '40001' : 'ok' }),
        (copy) => Object.assign(copy, 'tag' in copy ? { tag: 'INSERT 0 0' } : { message: 'it went fine' }),
      ];
      for (const change of changes) {
        const other = edited(recording, (copy) => change(copy.events[i] as End));
        expect(whatHappened(other)).not.toEqual(whatHappened(recording));
      }
    }
  });

  test('a wait removed, or its holder changed, is not', () => {
    const wait = recording.events.findIndex((event) => event.kind === 'wait');
    if (wait < 0) return;
    const removed = edited(recording, (copy) => copy.events.splice(wait, 1));
    expect(whatHappened(removed)).not.toEqual(whatHappened(recording));
    const holder = edited(recording, (copy) => {
      const event = copy.events[wait] as Extract<RaceEvent, { kind: 'wait' }>;
      event.holders = ['nobody'];
    });
    expect(whatHappened(holder)).not.toEqual(whatHappened(recording));
  });

  test('two events in another order are not, unless both are ends of actions freed together', () => {
    const i = firstIndex(recording.events, (a, b) => a.kind !== 'end' || b.kind !== 'end');
    const other = edited(recording, (copy) => swap(copy.events, i));
    expect(whatHappened(other)).not.toEqual(whatHappened(recording));
    const together = firstIndex(recording.events, (a, b) => a.kind === 'end' && b.kind === 'end');
    if (together < 0) return;
    const reordered = edited(recording, (copy) => swap(copy.events, together));
    expect(whatHappened(reordered)).toEqual(whatHappened(recording));
  });

  test('a row of the tables at the end changed is not', () => {
    const other = edited(recording, (copy) => copy.end.rows.push(copy.end.columns.map(() => 'x')));
    expect(whatHappened(other)).not.toEqual(whatHappened(recording));
  });
});
