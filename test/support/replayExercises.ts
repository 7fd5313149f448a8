import { describe, expect, test } from 'vitest';
import { checkExercise } from '../../src/engine/checkExercise';
import { judge } from '../../src/engine/judge';
import { run } from '../../src/engine/run';
import { runChecks } from '../../src/engine/runChecks';
import type { Session } from '../../src/engine/types';
import type { Course, Exercise, Lesson } from '../../src/lesson/types';
import { rowsOf } from './catalog';
import type { Database } from './replayCourse';

/** Which of an exercise's checks pass for `sql`, run as Check runs it, and why those that fail do. */
export async function verdicts(session: Session, exercise: Exercise, sql: string) {
  const { script, checks } = await checkExercise(session, {
    sql,
    setup: exercise.setup,
    checks: exercise.checks,
  });
  if (!checks.ran) throw new Error(`checks not run: ${checks.reason}`);
  const passed: Record<string, boolean> = {};
  const why: Record<string, string> = {};
  for (const [index, check] of exercise.checks.entries()) {
    const result = checks.results[index];
    const verdict = result ? judge(check.expect, result) : { pass: false, message: 'no result' };
    passed[check.id] = verdict.pass;
    if (!verdict.pass) {
      const detail = result && !result.ok ? ` ${result.error.message}` : '';
      why[check.id] = `${verdict.message}${detail}`;
    }
  }
  return { passed, why, script };
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

const allPass = (exercise: Exercise) => Object.fromEntries(exercise.checks.map((check) => [check.id, true]));

/**
 * For every exercise, on a database at the exercise's start (`openAt` its lesson), checked as
 * the page's Check does it: the reference solution and every right answer pass every check; each
 * wrong answer fails exactly the checks it says it fails; checks change nothing.
 * `cleanup` undoes what a run leaves outside its database (roles, on a real server).
 */
export function replayExercises(
  course: Course,
  openAt: (lesson: Lesson) => Promise<Database>,
  cleanup?: (db: Database) => Promise<void>,
) {
  for (const lesson of course.lessons) {
    for (const exercise of lesson.exercises) {
      describe(`exercise "${exercise.title}" (${lesson.slug})`, () => {
        const attempt = async (sql: string) => {
          const db = await openAt(lesson);
          try {
            return await verdicts(db.session, exercise, sql);
          } finally {
            await cleanup?.(db);
            await db.close();
          }
        };

        test('the reference solution passes every check', async () => {
          const { passed, why } = await attempt(exercise.solution);
          expect({ passed, why }).toEqual({ passed: allPass(exercise), why: {} });
        });

        test.each(exercise.right.map((right) => [right.title, right] as const))(
          'the right answer "%s" passes every check',
          async (_, right) => {
            const { passed, why } = await attempt(right.sql);
            expect({ passed, why }).toEqual({ passed: allPass(exercise), why: {} });
          },
        );

        test.each(exercise.wrong.map((wrong) => [wrong.title, wrong] as const))(
          'the wrong answer "%s" fails the checks it should, and only those',
          async (_, wrong) => {
            const { passed } = await attempt(wrong.sql);
            expect(passed).toEqual(
              Object.fromEntries(exercise.checks.map((check) => [check.id, !wrong.fails.includes(check.id)])),
            );
          },
        );

        test("checking changes nothing that the learner's SQL left: not a row, not a sequence", async () => {
          const db = await openAt(lesson);
          try {
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
