import { describe, expect, test } from 'vitest';
import { run } from '../src/engine/run';
import { runChecks } from '../src/engine/runChecks';
import { freshDatabase } from './support/freshDatabase';

const setup = `CREATE SEQUENCE n_seq;
CREATE TABLE t (id bigint PRIMARY KEY DEFAULT nextval('n_seq'), v text);
INSERT INTO t (v) VALUES ('kept');`;

describe('running checks', () => {
  test('refuses, without running anything, when the session’s transaction has failed', async () => {
    const { db, session } = await freshDatabase();
    await run(session, setup);
    // Straight to the session: a run rolls a failed transaction back itself.
    await session.simpleQuery('BEGIN; SELECT 1/0;');
    const checked = await runChecks(session, [{ sql: 'SELECT 1' }]);
    expect(checked).toEqual({
      ran: false,
      reason: expect.stringMatching(/^your open transaction has failed/),
    });
    // Still the learner's failed transaction, for them to roll back.
    expect((await session.simpleQuery('')).status).toBe('failed');
    await db.close();
  });

  test('inside the learner’s open transaction, checks see its writes and leave it open and unchanged', async () => {
    const { db, session } = await freshDatabase();
    await run(session, setup);
    await run(session, "BEGIN; INSERT INTO t (v) VALUES ('mine');");
    const checked = await runChecks(session, [
      { sql: 'SELECT count(*)::int AS n FROM t' },
      { sql: "INSERT INTO t (v) VALUES ('from a check')" },
      { sql: 'SELECT no_such_column FROM t' },
      { sql: 'SELECT count(*)::int AS n FROM t' },
    ]);
    if (!checked.ran) throw new Error(checked.reason);
    expect(checked.transaction).toBe('open');
    expect(checked.results.map((result) => result.ok)).toEqual([true, true, false, true]);
    // A failing check does not stop the next, and each check's writes are gone before the next.
    expect(checked.results[3]?.statements[0]?.rows).toEqual([['2']]);
    const after = await session.simpleQuery(
      "SELECT string_agg(v, ',' ORDER BY id), (SELECT last_value FROM n_seq)::int FROM t",
    );
    expect(after.status).toBe('open');
    expect(after.statements[0]?.rows).toEqual([['kept,mine', '2']]);
    await db.close();
  });

  test('outside a transaction, leaves none open and puts used sequences back', async () => {
    const { db, session } = await freshDatabase();
    await run(session, setup);
    const checked = await runChecks(session, [{ sql: "INSERT INTO t (v) VALUES ('a'), ('b')" }]);
    expect(checked).toMatchObject({ ran: true, transaction: 'idle' });
    const after = await session.simpleQuery("SELECT nextval('n_seq')::int");
    expect(after.status).toBe('idle');
    // Without the setval, the check would have used up 2 and 3.
    expect(after.statements[0]?.rows).toEqual([['2']]);
    await db.close();
  });
});
