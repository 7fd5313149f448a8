import type pg from 'pg';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { pgSession } from '../../src/engine/pgSession';
import { run } from '../../src/engine/run';
import type { Session } from '../../src/engine/types';
import { loadCourse } from '../../src/lesson/loadCourse';
import type { Lesson, Step } from '../../src/lesson/types';
import { applyLessons } from '../support/replayCourse';
import { waitsForLock } from './support/liveWriter';
import { postgresUrl, scratchDatabase } from './support/scratchDatabase';

const course = loadCourse();
const upTo = (slug: string): Lesson[] => {
  const last = course.lessons.find((lesson) => lesson.slug === slug);
  return course.lessons.filter((lesson) => last && lesson.order <= last.order);
};
/** A lesson's steps from `first` to `last` (or only `first`), by id. */
const steps = (slug: string, first: string, last = first): Step[] => {
  const all = course.lessons.find((lesson) => lesson.slug === slug)?.steps ?? [];
  const from = all.findIndex((step) => step.id === first);
  const to = all.findIndex((step) => step.id === last);
  if (from < 0 || to < from) throw new Error(`no steps ${first}…${last} in ${slug}`);
  return all.slice(from, to + 1);
};
/** Runs steps in order; each must do what its lesson says (here: succeed or return rows). */
const runAll = async (session: Session, list: Step[]) => {
  for (const step of list) expect(await run(session, step.sql)).toMatchObject({ ok: true });
};
/** The server process behind a client, as pg_stat_activity names it. */
const pidOf = (client: pg.Client) => (client as unknown as { processID: number }).processID;
const hash = 'ab'.repeat(32);
const emails = async (client: pg.Client, table: string) =>
  (await client.query<{ email: string }>(`SELECT email FROM ${table} ORDER BY email`)).rows.map(
    (row) => row.email,
  );

describe.skipIf(!postgresUrl)('two code versions writing at once, on a real server', () => {
  let db: Awaited<ReturnType<typeof scratchDatabase>>;
  let v0: pg.Client;
  let v1: pg.Client;

  beforeEach(async () => {
    db = await scratchDatabase();
    v0 = await db.connect();
    v1 = await db.connect();
  });
  afterEach(() => db?.close());

  test('interleaved v0 and v1 registrations both land in the read models their versions feed', async () => {
    await applyLessons(db.session, upTo('usernames'));
    await v0.query('BEGIN');
    await v0.query(
      `INSERT INTO user_registered_0 (email, password_hash) VALUES ('early@example.com', '${hash}')`,
    );
    await v1.query('BEGIN');
    await v1.query(
      `INSERT INTO user_registered_1 (email, password_hash, username) VALUES ('late@example.com', '${hash}', 'late')`,
    );
    await v1.query('COMMIT');
    await v0.query('COMMIT');

    expect(await emails(v1, 'users_1')).toEqual([
      'bar@example.com',
      'baz@example.com',
      'early@example.com',
      'foo@example.com',
      'late@example.com',
    ]);
    expect(await emails(v0, 'users_0')).toEqual(['baz@example.com', 'early@example.com', 'foo@example.com']);
  });

  test("a v1 write that collides with v0's uncommitted email waits for it, fails, and leaves v0's write intact", async () => {
    await applyLessons(db.session, upTo('usernames'));
    await v0.query('BEGIN');
    await v0.query(
      `INSERT INTO user_registered_0 (email, password_hash) VALUES ('same@example.com', '${hash}')`,
    );
    // users_1's unique index makes v1 wait until v0's transaction ends.
    const collision = v1
      .query(
        `INSERT INTO user_registered_1 (email, password_hash, username) VALUES ('same@example.com', '${hash}', 'same')`,
      )
      .then(
        () => 'committed',
        (error: { code: string; constraint: string }) => `${error.code} ${error.constraint}`,
      );
    await v0.query('COMMIT');

    expect(await collision).toBe('23505 users_1_email_key');
    expect(await emails(v0, 'users_0')).toContain('same@example.com');
    expect((await v1.query(`SELECT username FROM users_1 WHERE email = 'same@example.com'`)).rows).toEqual([
      { username: null },
    ]);
    expect(
      (await v1.query(`SELECT count(*)::int AS n FROM user_registered_1 WHERE email = 'same@example.com'`))
        .rows,
    ).toEqual([{ n: 0 }]);
  });

  test('while the usernames migration holds its lock, reads go on and a v0 registration waits for COMMIT, then reaches users_1', async () => {
    await applyLessons(db.session, upTo('minimal-schema'));
    const migration = steps(
      'usernames',
      'begin-the-migration-and-lock-what-it-reads',
      'commit-the-migration',
    );
    await runAll(pgSession(v1), migration.slice(0, -1));

    const observer = await db.connect();
    expect((await v0.query('SELECT count(*)::int AS n FROM user_registered_0')).rows).toEqual([{ n: 1 }]);
    expect((await v0.query('SELECT count(*)::int AS n FROM users_0')).rows).toEqual([{ n: 1 }]);
    const registration = v0.query(
      `INSERT INTO user_registered_0 (email, password_hash) VALUES ('waited@example.com', '${hash}')`,
    );
    expect(await waitsForLock(observer, pidOf(v0), registration)).toBe(true);
    await runAll(pgSession(v1), migration.slice(-1));
    await registration;
    expect(await emails(v1, 'users_1')).toEqual(['foo@example.com', 'waited@example.com']);
  });

  test('a transaction left idle after a registration stalls the migration, registrations queue behind it, and lock_timeout ends it with 55P03', async () => {
    await applyLessons(db.session, upTo('minimal-schema'));
    const idle = await db.connect();
    const observer = await db.connect();
    await idle.query('BEGIN');
    await idle.query(
      `INSERT INTO user_registered_0 (email, password_hash) VALUES ('idle@example.com', '${hash}')`,
    );
    const [begin] = steps('usernames', 'begin-the-migration-and-lock-what-it-reads');
    const migration = run(pgSession(v1), begin?.sql ?? '');
    expect(await waitsForLock(observer, pidOf(v1), migration)).toBe(true);

    // A registration that does not conflict with the idle transaction still waits: it queues behind the migration.
    let registered = false;
    const registration = v0
      .query(`INSERT INTO user_registered_0 (email, password_hash) VALUES ('queued@example.com', '${hash}')`)
      .then(() => {
        registered = true;
      });
    expect(await waitsForLock(observer, pidOf(v0), registration)).toBe(true);

    expect(await migration).toMatchObject({ ok: false, error: { code: '55P03' }, transaction: 'idle' });
    await registration;
    expect(registered).toBe(true);
    await idle.query('COMMIT');
    expect(await emails(v0, 'users_0')).toEqual([
      'foo@example.com',
      'idle@example.com',
      'queued@example.com',
    ]);
  });

  test('the tidy-up blocks even reads of the write tables until it commits', async () => {
    await applyLessons(db.session, upTo('passwords'));
    const retiring = steps('tidy-up', 'begin-the-tidy-up-and-retire-users-0', 'retire-users-1');
    await runAll(pgSession(v1), retiring);
    const observer = await db.connect();
    const read = v0.query('SELECT count(*)::int AS n FROM user_registered_1');
    expect(await waitsForLock(observer, pidOf(v0), read)).toBe(true);
    await v1.query('COMMIT');
    expect((await read).rows).toEqual([{ n: 2 }]);
  });

  test("the messages migration's foreign keys make registrations wait for its COMMIT", async () => {
    await applyLessons(db.session, upTo('tidy-up'));
    const migration = steps(
      'messages',
      'begin-the-migration-and-create-message-sent-3',
      'commit-the-migration',
    );
    await runAll(pgSession(v1), migration.slice(0, -1));
    const observer = await db.connect();
    const registration = v0.query(
      `INSERT INTO user_registered_1 (email, password_hash, username) VALUES ('fk@example.com', '${hash}', 'fk')`,
    );
    expect(await waitsForLock(observer, pidOf(v0), registration)).toBe(true);
    await runAll(pgSession(v1), migration.slice(-1));
    await registration;
    expect(await emails(v0, 'users_2')).toContain('fk@example.com');
  });

  test('two racing password changes of one user can be applied in the opposite order to their ids, so replay by id disagrees', async () => {
    await applyLessons(db.session, upTo('passwords'));
    const observer = await db.connect();
    const change = (user: number, password: string) =>
      `(${user}, encode(sha256(convert_to('${password}', 'UTF8')), 'hex'))`;
    // A holds user 6's row (qux) with an open password change.
    await v0.query('BEGIN');
    await v0.query(`INSERT INTO password_changed_2 (user_id, password_hash) VALUES ${change(6, 'a')}`);
    // B draws ids for a change of qux and a change of bar, then waits for qux's row.
    const b = v1.query(
      `INSERT INTO password_changed_2 (user_id, password_hash) VALUES ${change(6, 'b')}, ${change(1, 'from B')} RETURNING id`,
    );
    expect(await waitsForLock(observer, pidOf(v1), b)).toBe(true);
    // A changes bar's password with a later id, and commits first.
    await v0.query(`INSERT INTO password_changed_2 (user_id, password_hash) VALUES ${change(1, 'from A')}`);
    await v0.query('COMMIT');
    await b;

    const history = (
      await v0.query<{ id: string; user_id: string }>(
        'SELECT id, user_id FROM password_changed_2 WHERE user_id = 1 ORDER BY id',
      )
    ).rows.map((row) => Number(row.id));
    const live = (await v0.query('SELECT password_hash FROM users_2 WHERE id = 1')).rows[0]?.password_hash;
    const replayedById = (
      await v0.query(
        'SELECT password_hash FROM password_changed_2 WHERE user_id = 1 ORDER BY id DESC LIMIT 1',
      )
    ).rows[0]?.password_hash;
    const sha = async (text: string) =>
      (await v0.query("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex') AS h", [text])).rows[0]?.h;
    expect(history).toHaveLength(3);
    expect({ live, replayedById }).toEqual({ live: await sha('from B'), replayedById: await sha('from A') });
  });
});
