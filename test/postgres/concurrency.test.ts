import type pg from 'pg';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadCourse } from '../../src/lesson/loadCourse';
import type { Lesson } from '../../src/lesson/types';
import { applyLessons } from '../support/replayCourse';
import { postgresUrl, scratchDatabase } from './support/scratchDatabase';

const course = loadCourse();
const upTo = (slug: string): Lesson[] => {
  const last = course.lessons.find((lesson) => lesson.slug === slug);
  return course.lessons.filter((lesson) => last && lesson.order <= last.order);
};
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

  test('a read table created while v0 is writing is backfilled with that write exactly once', async () => {
    await applyLessons(db.session, upTo('minimal-schema'));
    const usernames = course.lessons.find((lesson) => lesson.slug === 'usernames');
    const [createWriteTable, createReadTable] = usernames?.steps ?? [];
    if (!createWriteTable || !createReadTable) throw new Error('the usernames lesson has changed');
    await v1.query(createWriteTable.sql);

    const observer = await db.connect();
    const migrator = (await v1.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;

    await v0.query('BEGIN');
    await v0.query(
      `INSERT INTO user_registered_0 (email, password_hash) VALUES ('during@example.com', '${hash}')`,
    );
    // The step's CREATE TRIGGER waits for v0's open insert; its backfill then sees that row.
    const migration = v1.query(createReadTable.sql);
    await expect
      .poll(
        async () =>
          (await observer.query('SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1', [migrator]))
            .rows[0]?.wait_event_type,
        { timeout: 10_000, interval: 20 },
      )
      .toBe('Lock');
    await v0.query('COMMIT');
    await migration;
    await v0.query(
      `INSERT INTO user_registered_0 (email, password_hash) VALUES ('after@example.com', '${hash}')`,
    );

    expect(await emails(v1, 'users_1')).toEqual([
      'after@example.com',
      'during@example.com',
      'foo@example.com',
    ]);
  });
});
