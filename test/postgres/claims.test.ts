import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { rowsOf } from '../support/catalog';
import { applyLessons } from '../support/replayCourse';
import { upTo } from './support/courseAt';
import { postgresUrl, scratchDatabase } from './support/scratchDatabase';

/** This backend's locks on one table, by mode. */
const locksOn = (table: string) =>
  `SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND relation = '${table}'::regclass
   AND mode <> 'SIReadLock' ORDER BY mode`;

describe.skipIf(!postgresUrl)(
  'what the lessons say about locks and the order of commits, on a real server',
  () => {
    let db: Awaited<ReturnType<typeof scratchDatabase>>;
    beforeEach(async () => {
      db = await scratchDatabase();
    });
    afterEach(() => db?.close());

    test('DROP TRIGGER on its own takes both locks the tidy-up shows on a write table: AccessShareLock and AccessExclusiveLock', async () => {
      await applyLessons(db.session, upTo('passwords'));
      const rows = await rowsOf(
        db.session,
        `BEGIN; DROP TRIGGER feed_users_1 ON user_registered_1; ${locksOn('user_registered_1')}`,
      );
      await rowsOf(db.session, 'ROLLBACK');
      expect(rows).toEqual([['AccessExclusiveLock'], ['AccessShareLock']]);
    });

    test("a foreign key's lock on users_2 comes from the referential-integrity triggers it creates there, and creating a trigger alone takes ShareRowExclusiveLock", async () => {
      await applyLessons(db.session, upTo('messages'));
      const riTriggers = await rowsOf(
        db.session,
        `SELECT count(*) FROM pg_trigger t JOIN pg_constraint c ON c.oid = t.tgconstraint
       WHERE t.tgrelid = 'users_2'::regclass AND t.tgisinternal AND c.conrelid = 'messages_3'::regclass`,
      );
      // Two foreign keys, each with an ON DELETE and an ON UPDATE trigger on the table it points at.
      expect(riTriggers).toEqual([['4']]);
      const rows = await rowsOf(
        db.session,
        `BEGIN;
       CREATE TRIGGER probe AFTER DELETE ON users_2 FOR EACH ROW EXECUTE FUNCTION reject_history_change();
       ${locksOn('users_2')}`,
      );
      await rowsOf(db.session, 'ROLLBACK');
      expect(rows).toEqual([['ShareRowExclusiveLock']]);
    });

    test('a worker that reads events by id loses one that commits late; a worker that reads by transaction, up to the oldest one still running, does not', async () => {
      const writerA = await db.connect();
      const writerB = await db.connect();
      const worker = await db.connect();
      await worker.query(`CREATE TABLE event_happened (
      id bigserial PRIMARY KEY,
      xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
      what text NOT NULL)`);
      // A draws an id first and commits last.
      await writerA.query('BEGIN');
      await writerA.query(`INSERT INTO event_happened (what) VALUES ('A')`);
      await writerB.query(`INSERT INTO event_happened (what) VALUES ('B')`);

      const byId = { after: 0, seen: [] as string[] };
      const byXid = { after: '0', seen: [] as string[] };
      const poll = async () => {
        const ids = await worker.query<{ id: string; what: string }>(
          'SELECT id, what FROM event_happened WHERE id > $1 ORDER BY id',
          [byId.after],
        );
        for (const row of ids.rows) {
          byId.seen.push(row.what);
          byId.after = Number(row.id);
        }
        const xids = await worker.query<{ xid: string; what: string }>(
          `SELECT xid::text, what
         FROM event_happened WHERE xid > $1::xid8 AND xid < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY xid, id`,
          [byXid.after],
        );
        for (const row of xids.rows) {
          byXid.seen.push(row.what);
          byXid.after = row.xid;
        }
      };
      // While A is open, B is visible by id, but A's transaction holds the horizon below B's.
      await poll();
      await writerA.query('COMMIT');
      await poll();
      expect(byId.seen).toEqual(['B']);
      expect(byXid.seen.sort()).toEqual(['A', 'B']);
    });
  },
);
