import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execute, nothingObserved } from '../src/engine/execute';
import { Observer } from '../src/engine/Observer';
import { serverSettings } from '../src/engine/openDatabase';
import type { Session } from '../src/engine/types';
import { loadCourse } from '../src/lesson/loadCourse';
import { applyLessons, freshDatabase } from './support/freshDatabase';

const course = loadCourse();
let observer: Observer;

/** As the worker does it: run, then observe what the run changed. */
async function observed(sql: string) {
  const outcome = await execute(session, sql);
  const observation = outcome.sent ? await observer.observe(outcome.result.transaction) : nothingObserved;
  return { ...outcome, ...observation };
}
let db: PGlite;
let session: Session;

beforeAll(async () => {
  ({ db, session } = await freshDatabase({ postgresqlconf: serverSettings }));
  const upToPasswords = course.lessons.filter((lesson) => lesson.order <= 3);
  await applyLessons(session, upToPasswords);
  observer = new Observer(session);
  await observer.baseline();
});
afterAll(() => db?.close());

describe('execute', () => {
  test('shows the rows that triggers wrote into read tables alongside the written row', async () => {
    const outcome = await observed(
      "INSERT INTO user_registered_1 (email, password_hash, username) VALUES ('zed@example.com', 'h', 'zed')",
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
    const outcome = await observed(
      "INSERT INTO password_changed_2 (user_id, password_hash) VALUES (7, 'new')",
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
    const outcome = await observed(
      "INSERT INTO password_changed_2 (user_id, password_hash) VALUES (99, 'x')",
    );
    expect(outcome).toMatchObject({ result: { ok: false, error: { code: '23503' } }, changes: [] });
  });

  test('shows created and dropped tables', async () => {
    expect((await observed('CREATE TABLE scratch (a int); INSERT INTO scratch VALUES (1)')).changes).toEqual([
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
    expect((await observed('DROP TABLE scratch')).changes).toEqual([
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
    await observed('CREATE TABLE big AS SELECT g FROM generate_series(1, 2500) AS g');
    expect((await observed('INSERT INTO big SELECT generate_series(1, 3)')).changes).toEqual([
      { table: 'big', kind: 'changed', columns: ['g'], added: [], removed: [], changed: [], countDelta: 3 },
    ]);
    expect((await observed('SELECT count(*) FROM big')).changes).toEqual([]);
    await observed('DROP TABLE big');
  });

  test('counts the rows of a new table too big to list, instead of reporting the first rows only', async () => {
    const outcome = await observed('CREATE TABLE huge AS SELECT g FROM generate_series(1, 50000) AS g');
    expect(outcome.changes).toMatchObject([{ table: 'huge', kind: 'created', count: 50000 }]);
    expect(outcome.changes[0]?.added).toHaveLength(2000);
    await observed('DROP TABLE huge');
  });

  test('caps the rows it returns for display but reports the true count', async () => {
    const outcome = await observed('SELECT g FROM generate_series(1, 100000) AS g');
    expect(outcome.rowCounts).toEqual([100000]);
    expect(outcome.result.ok && outcome.result.statements[0]?.rows.length).toBe(500);
  });

  test('cuts a huge value to a readable length and says how long it was', async () => {
    const outcome = await observed("SELECT repeat('x', 5000000) AS big, 'small' AS small");
    const statement = outcome.result.statements[0];
    expect(statement?.rows[0]?.[0]).toHaveLength(10_000);
    expect(statement?.rows[0]?.[1]).toBe('small');
    expect(statement?.longValues).toEqual([{ row: 0, column: 0, length: 5_000_000 }]);
  });

  test('shows the first 50 of 10,000 statements and counts the rest', async () => {
    const outcome = await observed('SELECT 1;'.repeat(10_000));
    expect(outcome.result.statements).toHaveLength(50);
    expect(outcome.hiddenStatements).toBe(9_950);
    expect(outcome.rowCounts).toHaveLength(10_000);
  });

  test('shows the first 100 of 20,000 notices and counts the rest', async () => {
    const outcome = await observed(
      "DO $$ BEGIN FOR i IN 1..20000 LOOP RAISE NOTICE 'tick %', i; END LOOP; END $$",
    );
    expect(outcome.result.notices).toHaveLength(100);
    expect(outcome.result.notices.at(-1)?.message).toBe('tick 100');
    expect(outcome.hiddenNotices).toBe(19_900);
  });

  test('answers \\dt and \\d <table> as psql does, and explains other psql commands', async () => {
    const tables = await observed('\\dt');
    expect(tables.meta?.title).toBe('List of relations');
    expect(tables.result.ok && tables.result.statements[0]?.rows.map((row) => row[0])).toEqual([
      'password_changed_2',
      'user_registered_0',
      'user_registered_1',
      'users_0',
      'users_1',
      'users_2',
    ]);
    const described = await observed('\\d users_2');
    expect(described.meta).toEqual({
      title: 'Table "public.users_2"',
      sections: ['Columns', 'Indexes', 'Foreign-key constraints', 'Referenced by', 'Triggers'],
    });
    expect(described.result.ok && described.result.statements.map((statement) => statement.rows)).toEqual([
      [
        ['id', 'bigint', 'not null', ''],
        ['email', 'text', 'not null', ''],
        ['password_hash', 'text', 'not null', ''],
        ['username', 'text', '', ''],
      ],
      [
        ['"users_2_pkey" PRIMARY KEY, btree (id)'],
        ['"users_2_email_key" UNIQUE CONSTRAINT, btree (email)'],
        ['"users_2_username_key" UNIQUE CONSTRAINT, btree (username)'],
      ],
      [],
      [],
      [],
    ]);
    const guarded = await observed('\\d user_registered_1');
    expect(guarded.result.ok && guarded.result.statements[4]?.rows).toEqual([
      [
        '"append_only" BEFORE DELETE OR UPDATE OR TRUNCATE ON public.user_registered_1 FOR EACH STATEMENT EXECUTE FUNCTION reject_history_change()',
      ],
      [
        '"feed_users_1" AFTER INSERT ON public.user_registered_1 FOR EACH ROW EXECUTE FUNCTION user_registered_1_to_users_1()',
      ],
      [
        '"feed_users_2" AFTER INSERT ON public.user_registered_1 FOR EACH ROW EXECUTE FUNCTION user_registered_1_to_users_2()',
      ],
    ]);
    // psql's words, with no trace of how it found out: no "Where" line, no internal function.
    expect((await observed('\\d nowhere')).result).toEqual({
      ok: false,
      rolledBack: false,
      transaction: 'idle',
      statements: [],
      notices: [],
      error: {
        code: '42P01',
        name: 'undefined_table',
        severity: 'ERROR',
        message: 'Did not find any relation named "nowhere".',
      },
    });
    expect(await observed('\\copy users_2 to x.csv')).toMatchObject({
      result: {
        ok: false,
        error: { code: '42601', message: expect.stringMatching(/^\\copy is a psql command, not SQL/) },
      },
    });
  });

  test('reads \\d <table> names as psql does: schema-qualified, quoted with doubled quotes, folded when unquoted', async () => {
    await observed('CREATE TABLE "a""b" (x int); CREATE TABLE "Mixed Case" (y text)');
    const columnsOf = async (command: string) => {
      const { meta, result } = await observed(command);
      if (!result.ok) return result.error.message;
      return [meta?.title, result.statements[0]?.rows.map((row) => row[0])];
    };
    const users = ['Table "public.users_0"', ['id', 'email', 'password_hash']];
    expect(await columnsOf('\\d public.users_0')).toEqual(users);
    expect(await columnsOf('\\d PUBLIC.Users_0')).toEqual(users);
    expect(await columnsOf('\\d "public"."users_0";')).toEqual(users);
    expect(await columnsOf('\\d "a""b"')).toEqual(['Table "public.a"b"', ['x']]);
    expect(await columnsOf('\\d "Mixed Case"')).toEqual(['Table "public.Mixed Case"', ['y']]);
    expect(await columnsOf('\\d public."Mixed Case"')).toEqual(['Table "public.Mixed Case"', ['y']]);
    // Quoted, a name keeps its case; unquoted, it is folded and no longer matches.
    expect(await columnsOf('\\d "Users_0"')).toBe('Did not find any relation named ""Users_0"".');
    expect(await columnsOf('\\d Mixed')).toBe('Did not find any relation named "Mixed".');
    expect(await columnsOf('\\d nowhere.users_0')).toBe('Did not find any relation named "nowhere.users_0".');
    expect(await observed('\\d ""')).toMatchObject({
      result: {
        ok: false,
        error: { code: '42601', message: expect.stringMatching(/^zero-length delimited identifier/) },
      },
      sent: false,
    });
    expect(await columnsOf('\\d a.b.c')).toMatch(/^improper qualified name \(too many dotted names\)/);
    expect(await columnsOf('\\d "unterminated')).toMatch(/^unterminated quoted string/);
    await observed('DROP TABLE "a""b", "Mixed Case"');
  });

  test('refuses SQL containing a NUL byte with a clear message, and stays usable', async () => {
    expect(await observed("SELECT 'a\u0000b'")).toMatchObject({
      result: { ok: false, error: { code: '22021', message: expect.stringMatching(/NUL character/) } },
    });
    expect(await observed('SELECT 1')).toMatchObject({ result: { ok: true } });
  });

  test('runs a one-megabyte statement', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const outcome = await observed(`SELECT length('${big}') AS n`);
    expect(outcome.result).toMatchObject({ ok: true, statements: [{ rows: [['1048576']] }] });
  });

  test('reports the trigger functions that fired: a v2 registration feeds users_1 and users_2', async () => {
    const outcome = await observed(
      "INSERT INTO user_registered_1 (email, password_hash, username) VALUES ('fired@example.com', 'h', 'fired')",
    );
    expect(outcome.fired).toEqual({ user_registered_1_to_users_1: 1, user_registered_1_to_users_2: 1 });
    expect(outcome.wrote).toBe(true);
  });

  test('reports triggers that fired in a write the read model then rejected, and nothing changed', async () => {
    const outcome = await observed(
      "INSERT INTO user_registered_0 (email, password_hash) VALUES ('bar@example.com', 'h')",
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
    const read = await observed('SELECT count(*) FROM users_2');
    expect(read).toMatchObject({ wrote: false, changes: [], fired: {} });
    expect(read.catalog).toBeUndefined();
    const created = await observed('CREATE TABLE notes (id int PRIMARY KEY, body text)');
    expect(created.catalog?.tables.find((table) => table.name === 'notes')).toEqual({
      name: 'notes',
      kind: 'table',
      columns: ['id', 'body'],
    });
    await observed('DROP TABLE notes');
  });

  test('sees the changes made inside an open transaction, and leaves that transaction open', async () => {
    const begun = await observed(
      "BEGIN; INSERT INTO password_changed_2 (user_id, password_hash) VALUES (1, 'inside')",
    );
    expect(begun.result.transaction).toBe('open');
    expect(begun.changes.map((change) => change.table)).toEqual(['password_changed_2', 'users_2']);
    const rolledBack = await observed('ROLLBACK');
    expect(rolledBack.result.transaction).toBe('idle');
    expect(rolledBack.changes.map((change) => change.table)).toEqual(['password_changed_2', 'users_2']);
  });

  test('still sees every table after SET search_path hides them', async () => {
    const outcome = await observed(
      "SET search_path = nowhere; INSERT INTO public.user_registered_1 (email, password_hash, username) VALUES ('path@example.com', 'h', 'path')",
    );
    expect(outcome.changes.map((change) => [change.table, change.kind])).toEqual([
      ['user_registered_1', 'changed'],
      ['users_1', 'changed'],
      ['users_2', 'changed'],
    ]);
    await observed('RESET search_path');
  });

  test('refuses COPY … PROGRAM, which would break the engine, but not the word in a string', async () => {
    expect(await observed("COPY users_2 TO PROGRAM 'ls'")).toMatchObject({
      result: {
        ok: false,
        error: { code: '0A000', message: expect.stringMatching(/^COPY … PROGRAM runs a program/) },
      },
    });
    expect(await observed("SELECT 'copy to program' AS words")).toMatchObject({
      result: { ok: true, statements: [{ rows: [['copy to program']] }] },
    });
  });

  test('shows the lines COPY … TO STDOUT writes, as the COPY … PROGRAM refusal advises, a line per row', async () => {
    const refused = await observed("COPY users_2 TO PROGRAM 'cat'");
    expect(refused.result.ok || refused.result.error.message).toContain(
      'COPY … TO STDOUT shows its output here',
    );
    const copied = await observed(
      "COPY (SELECT * FROM (VALUES (1, 'a,b'), (2, NULL)) AS v(n, t) ORDER BY n) TO STDOUT WITH (FORMAT csv, HEADER); COPY (SELECT 'x' AS t) TO STDOUT",
    );
    expect(copied.result).toMatchObject({
      ok: true,
      statements: [
        { command: 'COPY 2', columns: ['COPY output'], rows: [['n,t'], ['1,"a,b"'], ['2,']] },
        { command: 'COPY 1', columns: ['COPY output'], rows: [['x']] },
      ],
    });
    expect(copied.rowCounts).toEqual([3, 1]);
  });

  test("stops endless recursion with PostgreSQL's own 54001, even after RESET ALL, and the engine keeps working", async () => {
    await observed('RESET ALL');
    const outcome = await observed(
      'CREATE FUNCTION endless(n int) RETURNS int LANGUAGE plpgsql AS $$BEGIN RETURN endless(n + 1); END$$; SELECT endless(1);',
    );
    expect(outcome.result).toMatchObject({ ok: false, error: { code: '54001' } });
    expect(await observed('SELECT 1 AS still')).toMatchObject({
      result: { ok: true, statements: [{ rows: [['1']] }] },
    });
  });
});
