import type pg from 'pg';
import { describe, expect, test } from 'vitest';
import { judge } from '../../src/engine/judge';
import { pgSession } from '../../src/engine/pgSession';
import { run } from '../../src/engine/run';
import type { Session } from '../../src/engine/types';
import { loadCourse } from '../../src/lesson/loadCourse';
import type { Lesson } from '../../src/lesson/types';
import { rowsOf, tables, triggers } from '../support/catalog';
import { classify, rebuildReadTables } from '../support/invariants';
import { discoverUnits, type Unit } from '../support/migrationUnits';
import { applyLessons } from '../support/replayCourse';
import { backendPid, waitsForLock, writeLike } from './support/liveWriter';
import { postgresUrl, scratchDatabase } from './support/scratchDatabase';

const course = loadCourse();
const earlier = (lesson: Lesson) => course.lessons.filter((item) => item.order < lesson.order);
const levels = ['read committed', 'repeatable read', 'serializable'] as const;

/** Every unit of the course that attaches feed triggers to write tables that already exist. */
async function attachingUnits(): Promise<Unit[]> {
  const found: Unit[] = [];
  for (const lesson of course.lessons.filter((item) => item.steps.length > 0)) {
    const db = await scratchDatabase();
    await applyLessons(db.session, earlier(lesson));
    found.push(...(await discoverUnits(db.session, course, lesson)));
    await db.close();
  }
  return found.filter((unit) => unit.attaches.length > 0);
}

/** Write tables, and whether any of them holds a row, as another session sees them. */
async function writeTablesFeedingNothing(session: Session) {
  const { write, read } = classify(await tables(session), course.readModels);
  const readNames = new Set(read.map((table) => table.name));
  const feeds = await triggers(session);
  const orphans = write
    .map((table) => table.name)
    .filter((name) => !feeds.some(([on, trigger = '']) => on === name && readNames.has(trigger.slice(5))));
  const counts = write.length
    ? await rowsOf(session, `SELECT ${write.map((w) => `EXISTS (SELECT FROM ${w.name})`).join(' OR ')}`)
    : [['f']];
  return { orphans, hasHistory: counts[0]?.[0] === 't' };
}

const units = postgresUrl ? await attachingUnits() : [];
const title = (unit: Unit) => {
  const numbers = unit.steps.map((step) => step.number);
  const which = numbers.length > 1 ? `steps ${numbers[0]}–${numbers.at(-1)}` : `step ${numbers[0]}`;
  return `${unit.lesson.slug}, ${which} ("${unit.steps[0]?.title}")`;
};

describe.skipIf(!postgresUrl)('migrations while other code versions write, on a real server', () => {
  test('the course has migrations that attach feed triggers to existing write tables', () => {
    expect(units.map((unit) => unit.attaches.length > 0)).toContain(true);
  });

  describe.each(units.flatMap((unit) => levels.map((level) => ({ unit, level, name: title(unit) }))))(
    '$name at $level',
    ({ unit, level }) => {
      test('a write held open on every table it attaches to, committed while it runs, lands exactly once in every read table, once the lesson has finished', async () => {
        const db = await scratchDatabase();
        try {
          await applyLessons(db.session, earlier(unit.lesson));
          for (const step of unit.before) await run(db.session, step.sql);
          const migrator: pg.Client = await db.connect();
          const writer: pg.Client = await db.connect();
          const observer: pg.Client = await db.connect();
          for (const client of [migrator, writer]) {
            await client.query(`SET default_transaction_isolation = '${level}'`);
          }
          const writes = await Promise.all(
            unit.attaches.map((table) => writeLike(writer, table, `during-${table}`)),
          );
          await writer.query('BEGIN');
          for (const write of writes) await writer.query(write);

          const migratorPid = await backendPid(migrator);
          const session = pgSession(migrator);
          const migration = (async () => {
            const results = [];
            for (const step of unit.steps) results.push(await run(session, step.sql));
            return results;
          })();
          await waitsForLock(observer, migratorPid, migration);
          await writer.query('COMMIT');
          const results = await migration;

          const failed = results
            .map((result, index) => ({
              step: unit.steps[index],
              verdict: judge(unit.steps[index]?.expect ?? { kind: 'ok' }, result),
            }))
            .filter(({ verdict }) => !verdict.pass)
            .map(({ step, verdict }) => `${step?.title}: ${verdict.message}`);
          expect(failed).toEqual([]);
          // An online migration's read table is whole only once its backfill, later in the lesson, has run.
          for (const step of unit.after) await run(db.session, step.sql);
          const { write, read } = classify(await tables(db.session), course.readModels);
          const { live, rebuilt } = await rebuildReadTables(db.session, write, read);
          expect(live).toEqual(rebuilt);
        } finally {
          await db.close();
        }
      });
    },
  );

  test('after every step of the course, seen from another session: once there is history, every write table feeds a read table', async () => {
    const db = await scratchDatabase();
    try {
      const observer = pgSession(await db.connect());
      const problems: string[] = [];
      for (const lesson of course.lessons) {
        for (const step of lesson.steps) {
          const result = await run(db.session, step.sql);
          // Inside a transaction the observer sees what the last committed step left.
          if (result.transaction === 'open') continue;
          const { orphans, hasHistory } = await writeTablesFeedingNothing(observer);
          if (hasHistory && orphans.length > 0) {
            problems.push(
              `after ${lesson.slug} step ${step.number} ("${step.title}"): ${orphans.join(', ')} feed no read table`,
            );
          }
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
