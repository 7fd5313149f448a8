import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execute } from '../src/engine/execute';
import { Observer } from '../src/engine/Observer';
import { sessionSettings } from '../src/engine/openDatabase';
import type { Session } from '../src/engine/types';
import { loadCourse } from '../src/lesson/loadCourse';
import { applyLessons, freshDatabase } from './support/freshDatabase';

const course = loadCourse();
let options: { observer: Observer };
let db: PGlite;
let session: Session;

beforeAll(async () => {
  ({ db, session } = await freshDatabase());
  await session.simpleQuery(sessionSettings);
  const upToPasswords = course.lessons.filter((lesson) => lesson.order <= 3);
  await applyLessons(session, upToPasswords);
  options = { observer: new Observer(session) };
  await options.observer.baseline();
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
      {
        table: 'scratch',
        kind: 'created',
        columns: ['a'],
        added: [['1']],
        removed: [],
        changed: [],
        count: 1,
      },
    ]);
    expect((await execute(session, 'DROP TABLE scratch', options)).changes).toEqual([
      {
        table: 'scratch',
        kind: 'dropped',
        columns: ['a'],
        added: [],
        removed: [['1']],
        changed: [],
        count: 1,
      },
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

  test('counts the rows of a new table too big to list, instead of reporting the first rows only', async () => {
    const outcome = await execute(
      session,
      'CREATE TABLE huge AS SELECT g FROM generate_series(1, 50000) AS g',
      options,
    );
    expect(outcome.changes).toMatchObject([{ table: 'huge', kind: 'created', count: 50000 }]);
    expect(outcome.changes[0]?.added).toHaveLength(2000);
    await execute(session, 'DROP TABLE huge', options);
  });

  test('caps the rows it returns for display but reports the true count', async () => {
    const outcome = await execute(session, 'SELECT g FROM generate_series(1, 100000) AS g', options);
    expect(outcome.rowCounts).toEqual([100000]);
    expect(outcome.result.ok && outcome.result.statements[0]?.rows.length).toBe(500);
  });

  test('cuts a huge value to a readable length and says how long it was', async () => {
    const outcome = await execute(session, "SELECT repeat('x', 5000000) AS big, 'small' AS small", options);
    const statement = outcome.result.statements[0];
    expect(statement?.rows[0]?.[0]).toHaveLength(10_000);
    expect(statement?.rows[0]?.[1]).toBe('small');
    expect(statement?.longValues).toEqual([{ row: 0, column: 0, length: 5_000_000 }]);
  });

  test('shows the first 50 of 10,000 statements and counts the rest', async () => {
    const outcome = await execute(session, 'SELECT 1;'.repeat(10_000), options);
    expect(outcome.result.statements).toHaveLength(50);
    expect(outcome.hiddenStatements).toBe(9_950);
    expect(outcome.rowCounts).toHaveLength(10_000);
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

  test('reports the trigger functions that fired: a v2 registration feeds users_1 and users_2', async () => {
    const outcome = await execute(
      session,
      "INSERT INTO user_registered_1 (email, password_hash, username) VALUES ('fired@example.com', 'h', 'fired')",
      options,
    );
    expect(outcome.fired).toEqual({ user_registered_1_to_users_1: 1, user_registered_1_to_users_2: 1 });
    expect(outcome.wrote).toBe(true);
  });

  test('reports triggers that fired in a write the read model then rejected, and nothing changed', async () => {
    const outcome = await execute(
      session,
      "INSERT INTO user_registered_0 (email, password_hash) VALUES ('bar@example.com', 'h')",
      options,
    );
    expect(outcome).toMatchObject({
      result: { ok: false, error: { code: '23505', constraint: 'users_1_email_key' } },
      changes: [],
      // PostgreSQL counts a function call when it returns: the one that failed is named by the error.
      fired: { user_registered_0_to_users_0: 1 },
      failedIn: ['user_registered_0_to_users_1'],
    });
    // The failed insert drew an id: the sequence moved, so a restore must replay it.
    expect(outcome.wrote).toBe(true);
  });

  test('marks a plain read as leaving no trace, and returns the catalog only when the schema changed', async () => {
    const read = await execute(session, 'SELECT count(*) FROM users_2', options);
    expect(read).toMatchObject({ wrote: false, changes: [], fired: {} });
    expect(read.catalog).toBeUndefined();
    const created = await execute(session, 'CREATE TABLE notes (id int PRIMARY KEY, body text)', options);
    expect(created.catalog?.tables.find((table) => table.name === 'notes')).toEqual({
      name: 'notes',
      kind: 'table',
      columns: ['id', 'body'],
    });
    await execute(session, 'DROP TABLE notes', options);
  });

  test('sees the changes made inside an open transaction, and leaves that transaction open', async () => {
    const begun = await execute(
      session,
      "BEGIN; INSERT INTO password_changed_2 (user_id, password_hash) VALUES (1, 'inside')",
      options,
    );
    expect(begun.result.transaction).toBe('open');
    expect(begun.changes.map((change) => change.table)).toEqual(['password_changed_2', 'users_2']);
    const rolledBack = await execute(session, 'ROLLBACK', options);
    expect(rolledBack.result.transaction).toBe('idle');
    expect(rolledBack.changes.map((change) => change.table)).toEqual(['password_changed_2', 'users_2']);
  });

  test('still sees every table after SET search_path hides them', async () => {
    const outcome = await execute(
      session,
      "SET search_path = nowhere; INSERT INTO public.user_registered_1 (email, password_hash, username) VALUES ('path@example.com', 'h', 'path')",
      options,
    );
    expect(outcome.changes.map((change) => [change.table, change.kind])).toEqual([
      ['user_registered_1', 'changed'],
      ['users_1', 'changed'],
      ['users_2', 'changed'],
    ]);
    await execute(session, 'RESET search_path', options);
  });

  test('refuses COPY … PROGRAM, which would break the engine, but not the word in a string', async () => {
    expect(await execute(session, "COPY users_2 TO PROGRAM 'ls'", options)).toMatchObject({
      result: {
        ok: false,
        error: { code: '0A000', message: expect.stringMatching(/^COPY … PROGRAM runs a program/) },
      },
    });
    expect(await execute(session, "SELECT 'copy to program' AS words", options)).toMatchObject({
      result: { ok: true, statements: [{ rows: [['copy to program']] }] },
    });
  });

  test("stops endless recursion with PostgreSQL's own 54001, and the engine keeps working", async () => {
    const outcome = await execute(
      session,
      'CREATE FUNCTION endless(n int) RETURNS int LANGUAGE plpgsql AS $$BEGIN RETURN endless(n + 1); END$$; SELECT endless(1);',
      options,
    );
    expect(outcome.result).toMatchObject({ ok: false, error: { code: '54001' } });
    expect(await execute(session, 'SELECT 1 AS still', options)).toMatchObject({
      result: { ok: true, statements: [{ rows: [['1']] }] },
    });
  });
});
