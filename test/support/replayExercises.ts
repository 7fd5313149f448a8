import { describe, expect, test } from 'vitest';
import { judge } from '../../src/engine/judge';
import { run } from '../../src/engine/run';
import { runChecks } from '../../src/engine/runChecks';
import type { Session } from '../../src/engine/types';
import type { Course, Exercise, Lesson } from '../../src/lesson/types';
import { rowsOf } from './catalog';
import { applyLessons, type Database } from './replayCourse';

/** Which of an exercise's checks pass after `sql` runs on the lesson's final state. */
async function checkAfter(
  session: Session,
  exercise: Exercise,
  sql: string,
): Promise<Record<string, boolean>> {
  await run(session, sql);
  const checked = await runChecks(session, exercise.checks);
  if (!checked.ran) throw new Error(`checks not run: ${checked.reason}`);
  const { results } = checked;
  return Object.fromEntries(
    exercise.checks.map((check, index) => [
      check.id,
      judge(
        check.expect,
        results[index] ?? {
          ok: false,
          error: { code: 'XX000', name: '', severity: 'ERROR', message: 'no result' },
          statements: [],
          notices: [],
          rolledBack: false,
          transaction: 'idle',
        },
      ).pass,
    ]),
  );
}

/** Everything a check could have changed: every row and every sequence's position. */
async function everything(session: Session) {
  const tables = await rowsOf(
    session,
    `SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 1`,
  );
  const rows: Record<string, unknown> = {};
  for (const [name] of tables)
    rows[String(name)] = await rowsOf(session, `SELECT * FROM public."${name}" ORDER BY 1`);
  const sequences = await rowsOf(
    session,
    `SELECT relname, pg_sequence_last_value(oid)::text FROM pg_class WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace ORDER BY 1`,
  );
  return { rows, sequences };
}

/**
 * For every exercise: on the database its lesson's steps leave, the reference solution passes every
 * check; each wrong solution fails exactly the checks it says it fails; checking changes nothing.
 * `cleanup` undoes what a run leaves outside its database (roles, on a real server).
 */
export function replayExercises(
  course: Course,
  open: () => Promise<Database>,
  cleanup?: (db: Database) => Promise<void>,
) {
  const upTo = (lesson: Lesson) => course.lessons.filter((item) => item.order <= lesson.order);
  for (const lesson of course.lessons) {
    for (const exercise of lesson.exercises) {
      describe(`exercise "${exercise.title}" (${lesson.slug})`, () => {
        const attempt = async (sql: string) => {
          const db = await open();
          try {
            await applyLessons(db.session, upTo(lesson));
            return await checkAfter(db.session, exercise, sql);
          } finally {
            await cleanup?.(db);
            await db.close();
          }
        };

        test('the reference solution passes every check', async () => {
          const passed = await attempt(exercise.solution);
          expect(passed).toEqual(Object.fromEntries(exercise.checks.map((check) => [check.id, true])));
        });

        test.each(exercise.wrong.map((wrong) => [wrong.title, wrong] as const))(
          'the wrong solution "%s" fails the checks it should, and only those',
          async (_, wrong) => {
            const passed = await attempt(wrong.sql);
            expect(passed).toEqual(
              Object.fromEntries(exercise.checks.map((check) => [check.id, !wrong.fails.includes(check.id)])),
            );
          },
        );

        test('checking changes nothing: not a row, not a sequence', async () => {
          const db = await open();
          try {
            await applyLessons(db.session, upTo(lesson));
            await run(db.session, exercise.solution);
            const before = await everything(db.session);
            await runChecks(db.session, exercise.checks);
            expect(await everything(db.session)).toEqual(before);
          } finally {
            await cleanup?.(db);
            await db.close();
          }
        });
      });
    }
  }
}
