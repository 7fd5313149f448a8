import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execute } from '../src/engine/execute';
import type { Session } from '../src/engine/types';
import { loadCourse } from '../src/lesson/loadCourse';
import { applyLessons, freshDatabase } from './support/freshDatabase';

const course = loadCourse();
const options = { maxRows: 500, trackChanges: true };
let db: PGlite;
let session: Session;

beforeAll(async () => {
  ({ db, session } = await freshDatabase());
  const upToPasswords = course.lessons.filter((lesson) => lesson.order <= 3);
  await applyLessons(session, upToPasswords);
});
afterAll(() => db?.close());

describe('execute', () => {
  test('shows the rows that triggers wrote into read tables alongside the written row', async () => {
    const outcome = await execute(
      session,
      "INSERT INTO user_registered_1 (email, password_hash, username) VALUES ('zed@example.com', 'h', 'zed')",
      options,
    );
    expect(outcome.changes).toEqual([
      {
        table: 'user_registered_1',
        kind: 'changed',
        columns: ['id', 'email', 'password_hash', 'username'],
        added: [['7', 'zed@example.com', 'h', 'zed']],
        removed: [],
        changed: [],
      },
      {
        table: 'users_1',
        kind: 'changed',
        columns: ['id', 'email', 'password_hash', 'username'],
        added: [['7', 'zed@example.com', 'h', 'zed']],
        removed: [],
        changed: [],
      },
      {
        table: 'users_2',
        kind: 'changed',
        columns: ['id', 'email', 'password_hash', 'username'],
        added: [['7', 'zed@example.com', 'h', 'zed']],
        removed: [],
        changed: [],
      },
    ]);
  });

  test('shows an updated read-model row as changed, before and after', async () => {
    const outcome = await execute(
      session,
      "INSERT INTO password_changed_2 (user_id, password_hash) VALUES (7, 'new')",
      options,
    );
    expect(outcome.changes).toEqual([
      {
        table: 'password_changed_2',
        kind: 'changed',
        columns: ['id', 'user_id', 'password_hash'],
        added: [['2', '7', 'new']],
        removed: [],
        changed: [],
      },
      {
        table: 'users_2',
        kind: 'changed',
        columns: ['id', 'email', 'password_hash', 'username'],
        added: [],
        removed: [],
        changed: [
          { before: ['7', 'zed@example.com', 'h', 'zed'], after: ['7', 'zed@example.com', 'new', 'zed'] },
        ],
      },
    ]);
  });

  test('reports no change for a write the read model rejected', async () => {
    const outcome = await execute(
      session,
      "INSERT INTO password_changed_2 (user_id, password_hash) VALUES (99, 'x')",
      options,
    );
    expect(outcome).toMatchObject({ result: { ok: false, error: { code: '23503' } }, changes: [] });
  });

  test('shows created and dropped tables', async () => {
    expect(
      (await execute(session, 'CREATE TABLE scratch (a int); INSERT INTO scratch VALUES (1)', options))
        .changes,
    ).toEqual([
      { table: 'scratch', kind: 'created', columns: ['a'], added: [['1']], removed: [], changed: [] },
    ]);
    expect((await execute(session, 'DROP TABLE scratch', options)).changes).toEqual([
      { table: 'scratch', kind: 'dropped', columns: ['a'], added: [], removed: [['1']], changed: [] },
    ]);
  });

  test('compares a table too big to list by its row count', async () => {
    await execute(session, 'CREATE TABLE big AS SELECT g FROM generate_series(1, 2500) AS g', options);
    expect((await execute(session, 'INSERT INTO big SELECT generate_series(1, 3)', options)).changes).toEqual(
      [{ table: 'big', kind: 'changed', columns: ['g'], added: [], removed: [], changed: [], countDelta: 3 }],
    );
    expect((await execute(session, 'SELECT count(*) FROM big', options)).changes).toEqual([]);
    await execute(session, 'DROP TABLE big', options);
  });

  test('caps the rows it returns for display but reports the true count', async () => {
    const outcome = await execute(session, 'SELECT g FROM generate_series(1, 100000) AS g', options);
    expect(outcome.rowCounts).toEqual([100000]);
    expect(outcome.result.ok && outcome.result.statements[0]?.rows.length).toBe(500);
    expect(outcome.result.ok && outcome.result.statements[0]?.command).toBe('SELECT 100000');
  });

  test('answers \\dt and \\d <table> from the catalog, and explains other psql commands', async () => {
    const tables = await execute(session, '\\dt', options);
    expect(tables.result.ok && tables.result.statements[0]?.rows.map((row) => row[0])).toEqual([
      'password_changed_2',
      'user_registered_0',
      'user_registered_1',
      'users_0',
      'users_1',
      'users_2',
    ]);
    const described = await execute(session, '\\d users_2', options);
    expect(described.result.ok && described.result.statements.map((statement) => statement.columns)).toEqual([
      [],
      ['column', 'type', 'nullable', 'default'],
      ['constraint', 'definition'],
      ['trigger', 'definition'],
    ]);
    expect(await execute(session, '\\d nowhere', options)).toMatchObject({
      result: { ok: false, error: { code: '42P01', message: 'Did not find any relation named "nowhere".' } },
    });
    expect(await execute(session, '\\copy users_2 to x.csv', options)).toMatchObject({
      result: {
        ok: false,
        error: { code: '42601', message: expect.stringMatching(/^\\copy is a psql command, not SQL/) },
      },
    });
  });

  test('refuses SQL containing a NUL byte with a clear message, and stays usable', async () => {
    expect(await execute(session, "SELECT 'a\u0000b'", options)).toMatchObject({
      result: { ok: false, error: { code: '22021', message: expect.stringMatching(/NUL character/) } },
    });
    expect(await execute(session, 'SELECT 1', options)).toMatchObject({ result: { ok: true } });
  });

  test('runs a one-megabyte statement', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const outcome = await execute(session, `SELECT length('${big}') AS n`, options);
    expect(outcome.result).toMatchObject({ ok: true, statements: [{ rows: [['1048576']] }] });
  });
});
