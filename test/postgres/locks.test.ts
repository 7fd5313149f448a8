import { PGlite } from '@electric-sql/pglite';
import { describe, expect, test } from 'vitest';
import { execute } from '../../src/engine/execute';
import { pgliteSession } from '../../src/engine/pgliteSession';
import { describeLocks } from '../../src/locks/conflicts';
import { course } from './support/courseAt';
import { postgresUrl, scratchDatabase } from './support/scratchDatabase';

/** Each step's strongest lock per table, as the page's lock tracer reports it. */
const traced = async (session: Parameters<typeof execute>[0], sql: string) => {
  const outcome = await execute(session, sql, undefined, { traceLocks: true });
  return outcome.locks
    ? describeLocks(outcome.locks).map(({ table, mode }) => `${table}: ${mode}`)
    : (outcome.locksUnread ?? 'failed');
};

describe.skipIf(!postgresUrl)('the lock tracer on a real server', () => {
  test('every step of the course reports the same locks on PGlite as on this server', async () => {
    const db = await scratchDatabase();
    const pglite = await PGlite.create();
    try {
      const browser = pgliteSession(pglite);
      const differences: string[] = [];
      for (const lesson of course.lessons) {
        for (const step of lesson.steps) {
          const [here, there] = [await traced(browser, step.sql), await traced(db.session, step.sql)];
          if (JSON.stringify(here) !== JSON.stringify(there)) {
            differences.push(
              `${lesson.slug} step ${step.number}: PGlite ${JSON.stringify(here)}, server ${JSON.stringify(there)}`,
            );
          }
        }
      }
      expect(differences).toEqual([]);
    } finally {
      await pglite.close();
      await db.close();
    }
  }, 120_000);
});
