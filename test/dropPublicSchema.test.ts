import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execute } from '../src/engine/execute';
import { Observer } from '../src/engine/Observer';
import { serverSettings } from '../src/engine/openDatabase';
import type { Session } from '../src/engine/types';
import { loadCourse } from '../src/lesson/loadCourse';
import { applyLessons, freshDatabase } from './support/freshDatabase';

let db: PGlite;
let session: Session;
let observer: Observer;

/** As the worker does it for a step or the console: run with the lock probe, then observe. */
async function observed(sql: string, traceLocks = true) {
  const outcome = await execute(session, sql, undefined, { traceLocks });
  return { ...outcome, observation: await observer.observe(outcome.result.transaction) };
}

beforeAll(async () => {
  ({ db, session } = await freshDatabase({ postgresqlconf: serverSettings }));
  await applyLessons(
    session,
    loadCourse().lessons.filter((lesson) => lesson.order === 1),
  );
  observer = new Observer(session);
  await observer.baseline();
});
afterAll(() => db?.close());

describe('a learner who drops the public schema', () => {
  test('sees DROP SCHEMA public succeed with every table dropped, and the page says the schema is gone', async () => {
    const dropped = await observed('DROP SCHEMA public CASCADE');
    expect(dropped.result).toMatchObject({ ok: true, statements: [{ command: 'DROP SCHEMA' }] });
    expect(dropped.observation.changes.map((change) => [change.table, change.kind])).toEqual([
      ['user_registered_0', 'dropped'],
      ['users_0', 'dropped'],
    ]);
    expect(dropped.observation).toMatchObject({
      noPublicSchema: true,
      catalog: { tables: [], triggers: [] },
    });
  });

  test('keeps running and observing later SQL, and \\dt lists nothing, while the schema is gone', async () => {
    const later = await observed('SELECT 1 AS still');
    expect(later.result).toMatchObject({ ok: true, statements: [{ rows: [['1']] }] });
    expect(later.observation).toMatchObject({ changes: [], noPublicSchema: true });
    const create = await observed('CREATE TABLE t (a int)');
    expect(create.result).toMatchObject({
      ok: false,
      error: { code: '3F000', message: 'no schema has been selected to create in' },
    });
    expect((await observed('\\dt')).result).toMatchObject({ ok: true, statements: [{ rows: [] }] });
  });

  test('is back to normal once CREATE SCHEMA public makes an empty one', async () => {
    const back = await observed('CREATE SCHEMA public; CREATE TABLE t (a int); INSERT INTO t VALUES (1)');
    expect(back.result.ok).toBe(true);
    // The lock probe reads the new schema's tables again.
    expect(back.locks).toContainEqual({ table: 't', mode: 'AccessExclusiveLock' });
    expect(back.observation.changes).toMatchObject([{ table: 't', kind: 'created', count: 1 }]);
    expect(back.observation.noPublicSchema).toBeUndefined();
  });

  test('is observed without failing when the schema went in a run the lock probe could not join', async () => {
    const dropped = await observed('BEGIN; DROP SCHEMA public CASCADE; COMMIT', false);
    expect(dropped.result.ok).toBe(true);
    expect(dropped.observation).toMatchObject({
      noPublicSchema: true,
      changes: [{ table: 't', kind: 'dropped' }],
    });
    await observed('CREATE SCHEMA public');
  });
});
