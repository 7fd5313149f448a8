import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { judge, lastRowResult } from '../../src/engine/judge';
import { run } from '../../src/engine/run';
import type { Session } from '../../src/engine/types';
import { actionSql } from '../../src/lesson/actionSql';
import type { Course, Expectation, Lesson } from '../../src/lesson/types';
import { rowsOf, tables, triggers } from './catalog';
import { classify, editOutcomes, expectedTriggers, rebuildReadTables } from './invariants';

/** A database for one lesson's replay, on whichever engine. */
export interface Database {
  session: Session;
  close(): Promise<void>;
}

/** Runs every step of the lessons, in order, as a learner would, ignoring outcomes. */
export async function applyLessons(session: Session, lessons: Lesson[]): Promise<void> {
  for (const lesson of lessons) {
    for (const step of lesson.steps) await run(session, step.sql);
  }
}

function outcome(expect: Expectation): string {
  if (expect.kind === 'ok') return 'succeeds';
  if (expect.kind === 'rows') return `returns ${expect.rows.length} expected row(s)`;
  return `fails with ${expect.code} ${expect.name}`;
}

/**
 * For each lesson: a fresh database with all earlier lessons applied, every step run in order and
 * its expectation asserted, then the design's invariants checked.
 */
export function replayCourse(course: Course, open: () => Promise<Database>): void {
  for (const lesson of course.lessons.filter((item) => item.steps.length > 0)) {
    describe(`lesson "${lesson.title}"`, () => {
      let db: Database | undefined;
      const session = () => {
        if (!db) throw new Error('the database did not open');
        return db.session;
      };

      beforeAll(async () => {
        db = await open();
        await applyLessons(db.session, course.lessons.slice(0, course.lessons.indexOf(lesson)));
      });
      afterAll(() => db?.close());

      const expectOutcome = async (sql: string, wanted: Expectation) => {
        const result = await run(session(), sql);
        if (wanted.kind === 'error') {
          const error = {
            code: wanted.code,
            name: wanted.name,
            ...(wanted.constraint ? { constraint: wanted.constraint } : {}),
          };
          expect(result).toMatchObject({ ok: false, error });
        } else {
          expect(result.ok ? 'ok' : result.error).toBe('ok');
        }
        if (wanted.kind === 'rows' && result.ok) {
          expect(lastRowResult(result.statements)).toEqual({
            command: expect.any(String),
            columns: wanted.rows.length > 0 ? wanted.columns : expect.any(Array),
            rows: wanted.rows,
          });
        }
        expect(judge(wanted, result).pass).toBe(true);
      };

      for (const step of lesson.steps) {
        test(`step ${step.number}, "${step.title}", ${outcome(step.expect)}`, () =>
          expectOutcome(step.sql, step.expect));
      }

      // After the steps, as a learner would try them; the next lesson starts without them.
      for (const [index, scenario] of (lesson.versions?.scenarios ?? []).entries()) {
        const action = course.versions[scenario.version]?.actions.find((item) => item.id === scenario.action);
        test(`try ${index + 1}, "${scenario.title}" (${scenario.version} ${scenario.action}), ${outcome(scenario.expect)}`, () => {
          if (!action) throw new Error(`no action ${scenario.version} ${scenario.action}`);
          return expectOutcome(actionSql(action, scenario.values), scenario.expect);
        });
      }

      describe('afterwards', () => {
        test('no transaction is left open for the next lesson', async () => {
          expect((await run(session(), 'SELECT 1')).transaction).toBe('idle');
        });

        test('every table is a versioned write or read table of the course', async () => {
          expect(classify(await tables(session()), course.readModels).unknown).toEqual([]);
        });

        test('read tables are fed from every write table of equal or earlier version, and write tables are guarded', async () => {
          const { write, read } = classify(await tables(session()), course.readModels);
          expect(await triggers(session())).toEqual(expectedTriggers(write, read));
        });

        test('every read table equals a rebuild of it from the write-model history', async () => {
          const { write, read } = classify(await tables(session()), course.readModels);
          const { live, rebuilt } = await rebuildReadTables(session(), write, read);
          expect(rebuilt).toEqual(live);
        });

        test("every function in public pins its search_path to public, then pg_temp, so neither a session's path nor its temporary tables can redirect it", async () => {
          const unpinned = await rowsOf(
            session(),
            `SELECT proname, coalesce(array_to_string(proconfig, ' '), '(none)') FROM pg_proc
             WHERE pronamespace = 'public'::regnamespace
               AND NOT coalesce('search_path=public, pg_temp' = ANY (proconfig), false)
             ORDER BY 1`,
          );
          expect(unpinned).toEqual([]);
        });

        test('write tables refuse UPDATE, DELETE and TRUNCATE', async () => {
          const { write } = classify(await tables(session()), course.readModels);
          const refused = { UPDATE: '2F002', 'UPDATE nothing': '2F002', DELETE: '2F002', TRUNCATE: '2F002' };
          expect(await editOutcomes(session(), write)).toEqual(
            Object.fromEntries(write.map((w) => [w.name, refused])),
          );
        });
      });
    });
  }
}
