import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { run } from '../src/engine/run';
import type { Session } from '../src/engine/types';
import { freshDatabase } from './support/freshDatabase';

let db: PGlite;
let session: Session;
beforeAll(async () => {
  ({ db, session } = await freshDatabase());
});
afterAll(() => db?.close());

describe('run', () => {
  test('reports each statement with its command tag, columns and text values, NULL apart from the text NULL', async () => {
    expect(
      await run(
        session,
        "CREATE TABLE t (a int, b text); INSERT INTO t VALUES (1, 'NULL'), (2, NULL); SELECT * FROM t ORDER BY a",
      ),
    ).toEqual({
      ok: true,
      transaction: 'idle',
      notices: [],
      statements: [
        { command: 'CREATE TABLE', columns: [], rows: [] },
        { command: 'INSERT 0 2', columns: [], rows: [] },
        {
          command: 'SELECT 2',
          columns: ['a', 'b'],
          rows: [
            ['1', 'NULL'],
            ['2', null],
          ],
        },
      ],
    });
  });

  test('keeps odd text intact: emoji, right-to-left script, markup', async () => {
    const value = 'Grüße 👋 שלום <img src=x onerror=alert(1)>';
    const result = await run(session, `SELECT '${value}' AS v`);
    expect(result).toMatchObject({ ok: true, statements: [{ rows: [[value]] }] });
  });

  test('passes on NOTICEs with their fields', async () => {
    expect(
      await run(session, "DO $$ BEGIN RAISE NOTICE 'hello %', 42 USING HINT = 'a hint'; END $$"),
    ).toEqual({
      ok: true,
      transaction: 'idle',
      statements: [{ command: 'DO', columns: [], rows: [] }],
      notices: [
        {
          severity: 'NOTICE',
          code: '00000',
          message: 'hello 42',
          hint: 'a hint',
          where: 'PL/pgSQL function inline_code_block line 1 at RAISE',
        },
      ],
    });
  });

  test('treats SQL that is empty or only comments as nothing to run', async () => {
    expect(await run(session, '')).toEqual({ ok: true, statements: [], notices: [], transaction: 'idle' });
    expect(await run(session, '-- just a comment\n/* and another */')).toEqual({
      ok: true,
      transaction: 'idle',
      statements: [],
      notices: [],
    });
  });

  test('reports a syntax error with its SQLSTATE, name and position', async () => {
    expect(await run(session, 'SELECT 1;\nSELEC 2')).toEqual({
      ok: false,
      rolledBack: false,
      transaction: 'idle',
      statements: [],
      notices: [],
      error: {
        code: '42601',
        name: 'syntax_error',
        severity: 'ERROR',
        message: 'syntax error at or near "SELEC"',
        position: 11,
      },
    });
  });

  test('reports a transaction left open for the next SQL, which can go on with it and commit it', async () => {
    expect(await run(session, "BEGIN; INSERT INTO t VALUES (10, 'open')")).toMatchObject({
      ok: true,
      transaction: 'open',
    });
    expect(await run(session, "SELECT 'a\u0000b'")).toMatchObject({ ok: false, transaction: 'open' });
    expect(await run(session, 'SELECT count(*) FROM t')).toMatchObject({
      transaction: 'open',
      statements: [{ rows: [['3']] }],
    });
    expect(await run(session, 'DELETE FROM t WHERE a = 10; COMMIT')).toMatchObject({
      ok: true,
      transaction: 'idle',
    });
  });

  test('rolls back an explicit transaction that failed, so the next SQL runs normally', async () => {
    const failed = await run(session, 'BEGIN; INSERT INTO t VALUES (3, NULL); SELECT 1/0;');
    expect(failed).toMatchObject({
      ok: false,
      rolledBack: true,
      error: { code: '22012', name: 'division_by_zero' },
    });
    expect(await run(session, 'SELECT count(*) FROM t')).toMatchObject({
      ok: true,
      statements: [{ rows: [['2']] }],
    });
  });

  test('undoes the earlier statements of a failed implicit transaction', async () => {
    const failed = await run(session, "INSERT INTO t VALUES (4, 'x'); SELECT 1/0");
    expect(failed).toMatchObject({ ok: false, rolledBack: false, statements: [{ command: 'INSERT 0 1' }] });
    expect(await run(session, 'SELECT count(*) FROM t')).toMatchObject({ statements: [{ rows: [['2']] }] });
  });

  test("keeps every field of a trigger's error: table, constraint, detail and where", async () => {
    await run(
      session,
      `CREATE TABLE r (id int PRIMARY KEY);
       CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO r VALUES (NEW.a); RETURN NULL; END $$;
       CREATE TRIGGER g AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
       INSERT INTO t VALUES (5, 'first');`,
    );
    expect(await run(session, "INSERT INTO t VALUES (5, 'again')")).toEqual({
      ok: false,
      rolledBack: false,
      transaction: 'idle',
      statements: [],
      notices: [],
      error: {
        code: '23505',
        name: 'unique_violation',
        severity: 'ERROR',
        message: 'duplicate key value violates unique constraint "r_pkey"',
        detail: 'Key (id)=(5) already exists.',
        where: 'SQL statement "INSERT INTO r VALUES (NEW.a)"\nPL/pgSQL function f() line 1 at SQL statement',
        schema: 'public',
        table: 'r',
        constraint: 'r_pkey',
      },
    });
  });
});
