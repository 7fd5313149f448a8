import { describe, expect, test } from 'vitest';
import { execute } from '../src/engine/execute';
import { probeLocks } from '../src/engine/lockProbe';
import { run } from '../src/engine/run';
import { loadCourse } from '../src/lesson/loadCourse';
import { freshDatabase } from './support/freshDatabase';
import { applyLessons } from './support/replayCourse';

const course = loadCourse();
const lessonsBefore = (slug: string) => {
  const lesson = course.lessons.find((item) => item.slug === slug);
  return course.lessons.filter((item) => lesson && item.order < lesson.order);
};
const stepOf = (slug: string, id: string) =>
  course.lessons.find((lesson) => lesson.slug === slug)?.steps.find((step) => step.id === id)?.sql ?? '';
const traced = { traceLocks: true };

describe('the lock tracer: what a run held at the end of its transaction', () => {
  test('places the probe before a final COMMIT or ROLLBACK, else at the end, and not where a statement needs a transaction of its own', () => {
    expect(probeLocks('BEGIN; LOCK TABLE t; COMMIT;')).toMatchObject({ kind: 'probed', index: 2 });
    const probed = probeLocks('INSERT INTO t VALUES (1) -- the end');
    expect(probed).toMatchObject({ kind: 'probed', index: 1 });
    expect(
      probed.kind === 'probed' && probed.sql.startsWith('INSERT INTO t VALUES (1) -- the end\n;SELECT'),
    ).toBe(true);
    expect(probeLocks('CREATE INDEX CONCURRENTLY i ON t (x)')).toEqual({
      kind: 'unprobed',
      why: 'CREATE INDEX CONCURRENTLY cannot share its transaction',
    });
    expect(probeLocks('-- only a comment')).toEqual({ kind: 'unprobed' });
  });

  test('the usernames migration’s first step holds SHARE ROW EXCLUSIVE on user_registered_0, and the results are the learner’s alone', async () => {
    const { db, session } = await freshDatabase();
    await applyLessons(session, lessonsBefore('usernames'));
    const outcome = await execute(
      session,
      stepOf('usernames', 'begin-the-migration-and-lock-what-it-reads'),
      undefined,
      traced,
    );
    expect(outcome.locks).toEqual([{ table: 'user_registered_0', mode: 'ShareRowExclusiveLock' }]);
    expect(outcome.result.statements.map((statement) => statement.command)).toEqual([
      'BEGIN',
      'SET',
      'LOCK TABLE',
    ]);
    await run(session, 'ROLLBACK');
    await db.close();
  });

  test('a step that commits its own transaction is read just before its COMMIT', async () => {
    const { db, session } = await freshDatabase();
    await applyLessons(session, lessonsBefore('tidy-up'));
    const outcome = await execute(
      session,
      'BEGIN; DROP TRIGGER feed_users_0 ON user_registered_0; COMMIT;',
      undefined,
      traced,
    );
    expect(outcome.locks).toEqual(
      expect.arrayContaining([{ table: 'user_registered_0', mode: 'AccessExclusiveLock' }]),
    );
    expect(outcome.result).toMatchObject({ ok: true, transaction: 'idle' });
    await db.close();
  });

  test('a failed run reads no locks, and PostgreSQL still points into the learner’s own text', async () => {
    const { db, session } = await freshDatabase();
    const outcome = await execute(session, 'SELECT 1;\nSELEC 2;', undefined, traced);
    expect(outcome.locks).toBeUndefined();
    expect(outcome.result).toMatchObject({ ok: false, error: { code: '42601', position: 11 } });
    await db.close();
  });
});
