import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, inject, test } from 'vitest';
import { type Recording, whatHappened } from '../../src/lesson/recording';
import { course } from './support/courseAt';
import { recordRace } from './support/raceRecorder';
import { postgresUrl } from './support/scratchDatabase';

// "15.18 (Debian 15.18-0+deb12u1)": the number is what the page says.
const version = inject('postgresVersion').split(' ')[0] ?? '';
const major = version.split('.')[0];
/** `npm run record:races` records anew and stores the recordings instead of comparing with them. */
const recording = process.env['RECORD_RACES'] === '1';
const fileOf = (id: string) => `content/races/${id}.pg${major}.json`;

describe.skipIf(!postgresUrl)('races between sessions, on a real server', () => {
  test.each(Object.values(course.races).map((race) => [race.id, race] as const))(
    'the race "%s" happens as recorded: the same order of events, outcomes, waits and tables at the end',
    async (id, race) => {
      const fresh = await recordRace(race, `PostgreSQL ${version}`);
      if (recording) {
        writeFileSync(fileOf(id), `${JSON.stringify(fresh, null, 2)}\n`);
        return;
      }
      expect(
        existsSync(fileOf(id)),
        `no recording of ${id} on PostgreSQL ${major}: run npm run record:races`,
      ).toBe(true);
      const stored = JSON.parse(readFileSync(fileOf(id), 'utf8')) as Recording;
      expect(whatHappened(fresh)).toEqual(whatHappened(stored));
    },
  );
});
