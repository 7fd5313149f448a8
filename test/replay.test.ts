import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { judge, lastRowResult } from '../src/engine/judge';
import { run } from '../src/engine/run';
import type { Session } from '../src/engine/types';
import { loadCourse } from '../src/lesson/loadCourse';
import type { Expectation } from '../src/lesson/types';
import { tables, triggers } from './support/catalog';
import { applyLessons, freshDatabase } from './support/freshDatabase';
import { classify, editOutcomes, expectedTriggers, rebuildReadTables } from './support/invariants';

const course = loadCourse();
const runnable = course.lessons.filter((lesson) => lesson.steps.length > 0);

function outcome(expect: Expectation): string {
  if (expect.kind === 'ok') return 'succeeds';
  if (expect.kind === 'rows') return `returns ${expect.rows.length} expected row(s)`;
  return `fails with ${expect.code} ${expect.name}`;
}

for (const lesson of runnable) {
  describe(`lesson "${lesson.title}"`, () => {
    let db: PGlite;
    let session: Session;

    beforeAll(async () => {
      ({ db, session } = await freshDatabase());
      await applyLessons(session, course.lessons.slice(0, course.lessons.indexOf(lesson)));
    });
    afterAll(() => db?.close());

    for (const step of lesson.steps) {
      test(`step ${step.number}, "${step.title}", ${outcome(step.expect)}`, async () => {
        const result = await run(session, step.sql);
        const { expect: wanted } = step;
        if (wanted.kind === 'error') {
          expect(result).toMatchObject({
            ok: false,
            error: {
              code: wanted.code,
              name: wanted.name,
              ...(wanted.constraint ? { constraint: wanted.constraint } : {}),
            },
          });
        } else {
          expect(result.ok ? 'ok' : result.error).toBe('ok');
        }
        if (wanted.kind === 'rows' && result.ok) {
          const rows = lastRowResult(result.statements);
          expect(rows).toEqual({
            command: expect.any(String),
            columns: wanted.rows.length > 0 ? wanted.columns : expect.any(Array),
            rows: wanted.rows,
          });
        }
        expect(judge(wanted, result).pass).toBe(true);
      });
    }

    describe('afterwards', () => {
      test('every table is a versioned write or read table of the course', async () => {
        expect(classify(await tables(session), course.readModels).unknown).toEqual([]);
      });

      test('read tables are fed from every write table of equal or earlier version, and write tables are guarded', async () => {
        const { write, read } = classify(await tables(session), course.readModels);
        expect(await triggers(session)).toEqual(expectedTriggers(write, read));
      });

      test('every read table equals a rebuild of it from the write-model history', async () => {
        const { write, read } = classify(await tables(session), course.readModels);
        const { live, rebuilt } = await rebuildReadTables(session, write, read);
        expect(rebuilt).toEqual(live);
      });

      test('write tables refuse UPDATE, DELETE and TRUNCATE', async () => {
        const { write } = classify(await tables(session), course.readModels);
        const refused = { UPDATE: '2F002', 'UPDATE nothing': '2F002', DELETE: '2F002', TRUNCATE: '2F002' };
        expect(await editOutcomes(session, write)).toEqual(
          Object.fromEntries(write.map((w) => [w.name, refused])),
        );
      });
    });
  });
}
