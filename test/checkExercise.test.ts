import { describe, expect, test } from 'vitest';
import { checkExercise } from '../src/engine/checkExercise';
import { codeStart } from '../src/engine/codeStart';
import { freshDatabase } from './support/freshDatabase';

const probe = {
  sql: 'SELECT command, lock_timeout, locks FROM cqrs_check.ddl ORDER BY n',
};
const transactions = { sql: 'SELECT count(DISTINCT xid)::int AS n FROM cqrs_check.ddl' };

describe('checking a learner’s SQL as psql runs a script', () => {
  test('each statement outside BEGIN … COMMIT commits on its own, and a LOCK there is refused', async () => {
    const { db, session } = await freshDatabase();
    await session.simpleQuery('CREATE TABLE w (x int)');
    const { script, checks } = await checkExercise(session, {
      sql: 'CREATE TABLE a (x int);\nCREATE TABLE b (x int);\nLOCK TABLE w IN SHARE ROW EXCLUSIVE MODE;\nCREATE TABLE c (x int);',
      checks: [transactions],
    });
    expect(script).toMatchObject({
      ran: 2,
      total: 4,
      leftOpen: false,
      failed: { index: 2, error: { code: '25P01' } },
    });
    expect(checks.ran && checks.results[0]?.statements[0]?.rows).toEqual([['2']]);
    await db.close();
  });

  test('the probe records, for every DDL command, the locks already held and the lock_timeout', async () => {
    const { db, session } = await freshDatabase();
    await session.simpleQuery('CREATE TABLE w (x int)');
    const { script, checks } = await checkExercise(session, {
      sql: "BEGIN;\nSET LOCAL lock_timeout = '500ms';\nLOCK TABLE w IN SHARE ROW EXCLUSIVE MODE;\nCREATE TABLE r (x int);\nCOMMIT;",
      checks: [probe, transactions],
    });
    expect(script).toEqual({ ran: 5, total: 5, leftOpen: false });
    if (!checks.ran) throw new Error(checks.reason);
    expect(checks.results[0]?.statements[0]?.rows).toEqual([
      ['CREATE TABLE', '500ms', '{"w": ["ShareRowExclusiveLock"]}'],
    ]);
    expect(checks.results[1]?.statements[0]?.rows).toEqual([['1']]);
    await db.close();
  });

  test('the statements the script ran are recorded in order, once it has ended, whatever it left the session as', async () => {
    const { db, session } = await freshDatabase();
    const sql =
      "BEGIN;\nSET LOCAL lock_timeout = '500ms';\nSELECT 'it''s $script$ -- not a comment';\nCOMMIT;\nSET standard_conforming_strings = off;\nSET default_transaction_read_only = on;\nSELECT 1/0;\nSELECT 2;";
    const { script, checks } = await checkExercise(session, {
      sql,
      checks: [{ sql: 'SELECT n, sql, ok FROM cqrs_check.script ORDER BY n' }],
    });
    expect(script).toMatchObject({ ran: 6, total: 8, failed: { index: 6 } });
    if (!checks.ran) throw new Error(checks.reason);
    expect(checks.results[0]?.statements[0]?.rows).toEqual([
      ['1', 'BEGIN;', 't'],
      ['2', "SET LOCAL lock_timeout = '500ms';", 't'],
      ['3', "SELECT 'it''s $script$ -- not a comment';", 't'],
      ['4', 'COMMIT;', 't'],
      ['5', 'SET standard_conforming_strings = off;', 't'],
      ['6', 'SET default_transaction_read_only = on;', 't'],
      ['7', 'SELECT 1/0;', 'f'],
    ]);
    await db.close();
  });

  test('a transaction left open is rolled back, as at the end of a psql script, and said', async () => {
    const { db, session } = await freshDatabase();
    const { script, checks } = await checkExercise(session, {
      sql: 'BEGIN;\nCREATE TABLE forgotten (x int);',
      checks: [{ sql: "SELECT to_regclass('public.forgotten') IS NULL AS gone" }],
    });
    expect(script.leftOpen).toBe(true);
    expect(checks.ran && checks.results[0]?.statements[0]?.rows).toEqual([['t']]);
    await db.close();
  });

  test('the exercise’s setup runs before the learner’s SQL, and attempt() says which table refused a write', async () => {
    const { db, session } = await freshDatabase();
    const { checks } = await checkExercise(session, {
      setup: 'CREATE TABLE t (x int UNIQUE); INSERT INTO t VALUES (1);',
      sql: 'SELECT 1;',
      checks: [
        { sql: "SELECT cqrs_check.attempt('INSERT INTO public.t VALUES (1)') ->> 'table' AS refused_by" },
      ],
    });
    expect(checks.ran && checks.results[0]?.statements[0]?.rows).toEqual([['t']]);
    await db.close();
  });
  test('replay_backfill runs again, in order, only the script’s writes to that table, each saying how it ended', async () => {
    const { db, session } = await freshDatabase();
    const { checks } = await checkExercise(session, {
      sql: [
        'CREATE TABLE r (x int PRIMARY KEY);',
        'CREATE TABLE r2 (x int);',
        '/* the backfill, in parts */ INSERT INTO r VALUES (1);',
        'WITH more AS (SELECT 2 AS x) INSERT INTO public.r SELECT x FROM more;',
        'INSERT INTO r2 VALUES (3);',
        'INSERT INTO r VALUES (4) ON CONFLICT DO NOTHING;',
        'UPDATE r SET x = x + 10 WHERE x = 4;',
        'MERGE INTO r USING (VALUES (5)) AS v (x) ON r.x = v.x WHEN NOT MATCHED THEN INSERT VALUES (v.x);',
        'DO $$ BEGIN INSERT INTO r VALUES (6); END $$;',
        'DO $$ BEGIN INSERT INTO r2 VALUES (7); END $$;',
      ].join('\n'),
      checks: [{ sql: "DELETE FROM public.r WHERE x = 1; SELECT cqrs_check.replay_backfill('r') AS states" }],
    });
    // 1 goes back in; 2 is there; 4 goes in again (it became 14), then becoming 14 collides; 5 is
    // there, so MERGE inserts nothing; 6 is there. The DO block that names only r2 is not run.
    expect(checks.ran && checks.results[0]?.statements.at(-1)?.rows).toEqual([
      ['{ok,23505,ok,23505,ok,23505}'],
    ]);
    await db.close();
  });

  test('a recorded statement starts at its first word, whatever comments come before it', () => {
    expect(codeStart('  -- lock first\n/* the /* nested */ one */\n\tLOCK TABLE t; -- after')).toBe(
      'LOCK TABLE t; -- after',
    );
    expect(codeStart('/* never closed')).toBe('');
    expect(codeStart('-- only a comment')).toBe('');
    expect(codeStart("SELECT '/* not a comment */'")).toBe("SELECT '/* not a comment */'");
  });
});
