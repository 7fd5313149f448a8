import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkpointIfBehind } from '../src/engine/checkpointIfBehind';
import { run } from '../src/engine/run';
import type { Session } from '../src/engine/types';
import { freshDatabase } from './support/freshDatabase';

let session: Session;
let close: () => Promise<void>;
beforeAll(async () => {
  const opened = await freshDatabase();
  session = opened.session;
  close = () => opened.db.close();
});
afterAll(() => close());

/** WAL written since the last checkpoint's redo point, in bytes. */
async function behind(): Promise<number> {
  const result = await run(
    session,
    'SELECT pg_current_wal_insert_lsn() - (pg_control_checkpoint()).redo_lsn AS bytes',
  );
  if (!result.ok) throw new Error(result.error.message);
  return Number(result.statements[0]?.rows[0]?.[0]);
}

test('after a run that wrote more than one WAL segment, a checkpoint leaves little for a restart to redo', async () => {
  expect(
    await run(session, 'CREATE TABLE big AS SELECT g AS n FROM generate_series(1, 500000) AS g'),
  ).toMatchObject({
    ok: true,
  });
  expect(await behind()).toBeGreaterThan(16 * 1024 * 1024);
  expect(await checkpointIfBehind(session)).toBe(true);
  expect(await behind()).toBeLessThan(1024 * 1024);
});

test('after a small run, no checkpoint is taken', async () => {
  expect(await run(session, 'INSERT INTO big VALUES (0)')).toMatchObject({ ok: true });
  const before = await behind();
  expect(await checkpointIfBehind(session)).toBe(false);
  expect(await behind()).toBeGreaterThanOrEqual(before);
});

test('a session whose role may not take checkpoints is left as it was, with no error and no transaction left open', async () => {
  expect(
    await run(
      session,
      'CREATE ROLE learner; GRANT ALL ON big TO learner; SET ROLE learner; INSERT INTO big SELECT generate_series(1, 500000)',
    ),
  ).toMatchObject({ ok: true });
  expect(await checkpointIfBehind(session)).toBe(false);
  const after = await run(session, 'SELECT current_user');
  expect(after).toMatchObject({ ok: true, transaction: 'idle', statements: [{ rows: [['learner']] }] });
  expect(await run(session, 'RESET ROLE')).toMatchObject({ ok: true });
});
