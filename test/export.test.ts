import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { run } from '../src/engine/run';
import type { Session } from '../src/engine/types';
import { exportSql, isExported } from '../src/lesson/exportSql';
import { loadCourse } from '../src/lesson/loadCourse';
import { applyLessons, freshDatabase } from './support/freshDatabase';
import { shape } from './support/shape';

const course = loadCourse();
const stages = course.lessons.filter((lesson) => lesson.kind === 'stage');

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
