import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { run } from '../src/engine/run';
import type { Session } from '../src/engine/types';
import { exportSql, isExported } from '../src/lesson/exportSql';
import { loadCourse } from '../src/lesson/loadCourse';
import { rowsOf } from './support/catalog';
import { applyLessons, freshDatabase } from './support/freshDatabase';

const course = loadCourse();
const stages = course.lessons.filter((lesson) => lesson.kind === 'stage');

/** What a stage's database looks like: its columns, its triggers, and how many rows each table holds. */
async function shape(session: Session) {
  const columns = await rowsOf(
    session,
    `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
     WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const triggers = await rowsOf(
    session,
    `SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`,
  );
  const tableNames = [...new Set(columns.map((row) => String(row[0])))];
  const counts = await rowsOf(
    session,
    tableNames.map((name) => `SELECT '${name}', count(*) FROM ${name}`).join(' UNION ALL ') ||
      'SELECT 1 WHERE false',
  );
  return { columns, triggers, counts };
}

describe.each(stages)('the SQL export of "$slug"', (stage) => {
  const sql = exportSql(course, stage);
  const dbs: { close(): Promise<void> }[] = [];
  let fromExport: Session;
  let fromLessons: Session;

  beforeAll(async () => {
    const a = await freshDatabase();
    const b = await freshDatabase();
    dbs.push(a.db, b.db);
    fromExport = a.session;
    fromLessons = b.session;
    await applyLessons(
      fromLessons,
      course.lessons.filter((lesson) => lesson.order <= stage.order),
    );
  });
  afterAll(() => Promise.all(dbs.map((db) => db.close())));

  test('leaves out steps meant to fail and queries that only read, and keeps every other step', () => {
    for (const lesson of course.lessons.filter(
      (item) => item.kind === 'stage' && item.order <= stage.order,
    )) {
      for (const step of lesson.steps) {
        expect({ step: step.title, included: sql.includes(step.sql.trimEnd()) }).toEqual({
          step: step.title,
          included: isExported(step),
        });
      }
    }
  });

  test('applies cleanly to an empty database', async () => {
    const result = await run(fromExport, sql);
    expect(result.ok ? 'ok' : result.error).toBe('ok');
  });

  test('builds the same tables, triggers and row counts as the lessons', async () => {
    expect(await shape(fromExport)).toEqual(await shape(fromLessons));
  });
});
