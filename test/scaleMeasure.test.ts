import { describe, expect, test } from 'vitest';
import { fill, measureMigration } from '../src/engine/measureMigration';
import { loadCourse } from '../src/lesson/loadCourse';
import { rowsOf } from './support/catalog';
import { pgliteAt } from './support/pgliteAt';

const course = loadCourse();
const lesson = course.lessons.find((item) => item.scaleDemo);
const demo = lesson?.scaleDemo;
const before = course.lessons.filter((item) => lesson && item.order < lesson.order).at(-1);

describe('the scale demo, measured on PGlite', () => {
  test('the fill adds history and read model alike, so users_2 still equals a rebuild', async () => {
    if (!demo || !before) throw new Error('no scale demo');
    const db = await pgliteAt(course, before);
    await fill(db.session, demo.fill, 1, 2000);
    await fill(db.session, demo.fill, 2001, 3000);
    const rows = await rowsOf(
      db.session,
      `SELECT (SELECT count(*) FROM user_registered_0) + (SELECT count(*) FROM user_registered_1) AS history,
              (SELECT count(*) FROM users_2) AS read_model,
              (SELECT count(*) FROM password_changed_2) AS changes`,
    );
    expect(Number(rows[0]?.[0])).toBeGreaterThanOrEqual(3000);
    expect(rows[0]?.[0]).toBe(rows[0]?.[1]);
    expect(Number(rows[0]?.[2])).toBeGreaterThan(200);
    const differ = await rowsOf(
      db.session,
      `WITH rebuilt AS (
         SELECT r.id, r.email, coalesce(p.password_hash, r.password_hash) AS password_hash, r.username
         FROM (SELECT id, email, password_hash, NULL AS username FROM user_registered_0
               UNION ALL SELECT id, email, password_hash, username FROM user_registered_1) r
         LEFT JOIN (SELECT DISTINCT ON (user_id) user_id, password_hash FROM password_changed_2
                    ORDER BY user_id, id DESC) p ON p.user_id = r.id)
       SELECT count(*) FROM ((SELECT * FROM rebuilt EXCEPT SELECT * FROM users_2)
                             UNION ALL (SELECT * FROM users_2 EXCEPT SELECT * FROM rebuilt)) AS d`,
    );
    expect(differ).toEqual([['0']]);
    await db.close();
  });

  test('the locked migration holds write-blocking locks for its whole length; the online one only in short transactions, and says which it could not read', async () => {
    if (!demo || !before) throw new Error('no scale demo');
    const results = [];
    for (const variant of ['locked', 'online'] as const) {
      const db = await pgliteAt(course, before);
      await fill(db.session, demo.fill, 1, 5000);
      const scripts = variant === 'locked' ? [demo.locked.sql] : demo.online.steps.map((step) => step.sql);
      results.push(await measureMigration(db.session, variant, 5000, scripts));
      await db.close();
    }
    const [locked, online] = results;
    expect(locked?.holds).toHaveLength(1);
    expect(locked?.holds[0]?.blocking).toEqual(
      expect.arrayContaining([
        'user_registered_0: ShareRowExclusiveLock',
        'password_changed_2: ShareRowExclusiveLock',
      ]),
    );
    expect(locked?.longestBlockMs).toBe(locked?.holds[0]?.ms);
    const blocking = online?.holds.filter((hold) => hold.blocking.length > 0).map((hold) => hold.what) ?? [];
    expect(blocking).toEqual([
      'LOCK TABLE user_registered_0, user_registered_1, password_changed_2 IN SHARE ROW EXCLUSIVE MODE;',
      "ALTER TABLE users_4 ADD CONSTRAINT users_4_email_has_at CHECK (email LIKE '_%@_%') NOT VALID;",
    ]);
    expect(online?.holds.filter((hold) => !hold.measured).map((hold) => hold.note)).toEqual([
      'SHARE UPDATE EXCLUSIVE on the table: writes go on',
      'each batch commits on its own, holding ROW EXCLUSIVE: writes go on',
    ]);
  });
});
