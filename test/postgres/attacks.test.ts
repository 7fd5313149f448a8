import type pg from 'pg';
import { describe, expect, test } from 'vitest';
import { pgSession } from '../../src/engine/pgSession';
import { run } from '../../src/engine/run';
import type { Session } from '../../src/engine/types';
import type { Lesson } from '../../src/lesson/types';
import { rowsOf, tables } from '../support/catalog';
import { classify, rebuildReadTables, type VersionedTable } from '../support/invariants';
import { applyLessons } from '../support/replayCourse';
import { course, exerciseOf, upTo } from './support/courseAt';
import { backendPid, waitsForLock } from './support/liveWriter';
import { dropCourseRoles } from './support/roles';
import { postgresUrl, scratchDatabase } from './support/scratchDatabase';

const outcomeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? String(error),
  );

/** Every read table equals a replay of history (from a session with no temporary tables). */
async function expectReadTablesMatchHistory(session: Session) {
  const { write, read } = classify(await tables(session), course.readModels);
  const { live, rebuilt } = await rebuildReadTables(session, write, read);
  expect(live).toEqual(rebuilt);
}

/** What an attacker writes to each write table, and what the read model must make of it. */
function attempt(table: VersionedTable): { sql: string; expected: string } {
  if (table.name.startsWith('user_registered_')) {
    const username = table.version >= 1 ? ', username' : '';
    const named = table.version >= 1 ? `, 'taken-${table.name}'` : '';
    // foo registered in the first lesson: the email is taken in every users read table.
    return {
      sql: `INSERT INTO public.${table.name} (email, password_hash${username}) VALUES ('foo@example.com', 'attack'${named})`,
      expected: '23505',
    };
  }
  if (table.name.startsWith('password_changed_')) {
    return {
      sql: `INSERT INTO public.${table.name} (user_id, password_hash) VALUES (1, 'changed-under-attack')`,
      expected: 'ok',
    };
  }
  if (table.name.startsWith('message_sent_')) {
    return {
      sql: `INSERT INTO public.${table.name} (src_id, dst_id, content) VALUES (0, 42, 'to nobody')`,
      expected: '23503',
    };
  }
  throw new Error(`no attack written for ${table.name}`);
}

/**
 * In `attacker`'s session, a temporary table named like every read table (holding what the
 * attacker may read of it), then one write to every write table the attacker may write.
 */
async function attackWithTemporaryTables(session: Session, attacker: pg.Client, writable: string[] = []) {
  const { write, read } = classify(await tables(session), course.readModels);
  for (const table of read) {
    const columns = await rowsOf(
      session,
      `SELECT string_agg(format('%I %s', attname, format_type(atttypid, atttypmod)), ', ' ORDER BY attnum)
       FROM pg_attribute WHERE attrelid = 'public.${table.name}'::regclass AND attnum > 0 AND NOT attisdropped`,
    );
    await attacker.query(`CREATE TEMP TABLE ${table.name} (${columns[0]?.[0]})`);
    await attacker.query(`INSERT INTO pg_temp.${table.name} SELECT * FROM public.${table.name}`).catch(() => {
      // A role that may not read it gets an empty copy.
    });
  }
  const seen: Record<string, string> = {};
  const wanted: Record<string, string> = {};
  for (const table of write.filter((w) => writable.length === 0 || writable.includes(w.name))) {
    const { sql, expected } = attempt(table);
    seen[table.name] = await outcomeOf(attacker.query(sql));
    wanted[table.name] = expected;
  }
  return { seen, wanted };
}

const withReadTables = course.lessons.filter(
  (lesson) => lesson.steps.length > 0 && lesson.order >= (upTo('usernames').at(-1)?.order ?? 0),
);

describe.skipIf(!postgresUrl)('what a PostgreSQL expert tries, on a real server', () => {
  describe.each(withReadTables.map((lesson: Lesson) => ({ slug: lesson.slug, lesson })))(
    'after $slug',
    ({ lesson }) => {
      test("a session's temporary tables named like the read tables take none of the feeds' writes: a taken email is still refused, and the read tables stay equal to history", async () => {
        const db = await scratchDatabase();
        try {
          await applyLessons(db.session, upTo(lesson.slug));
          const { seen, wanted } = await attackWithTemporaryTables(db.session, await db.connect());
          expect(seen).toEqual(wanted);
          await expectReadTablesMatchHistory(db.session);
        } finally {
          await db.close();
        }
      });
    },
  );

  test('as an application role whose feeds run SECURITY DEFINER, temporary tables take none of the writes either', async () => {
    const db = await scratchDatabase();
    try {
      const { lesson, exercise } = exerciseOf('roles-per-version');
      await applyLessons(db.session, upTo(lesson.slug));
      expect(await run(db.session, exercise.solution)).toMatchObject({ ok: true });
      const seen: Record<string, Record<string, string>> = {};
      const wanted: Record<string, Record<string, string>> = {};
      for (const [role, writes] of [
        ['cqrs_v0', ['user_registered_0']],
        ['cqrs_v2', ['user_registered_1', 'password_changed_2']],
      ] as const) {
        const attacker = await db.connect();
        await attacker.query(`SET ROLE ${role}`);
        const outcome = await attackWithTemporaryTables(db.session, attacker, [...writes]);
        seen[role] = outcome.seen;
        wanted[role] = outcome.wanted;
      }
      expect(seen).toEqual(wanted);
      await expectReadTablesMatchHistory(db.session);
    } finally {
      await dropCourseRoles(db);
      await db.close();
    }
  });

  test.each([
    { revoked: true, expected: { forging: '42501', bars_password: 'bar-password-unchanged' } },
    { revoked: false, expected: { forging: 'ok', bars_password: 'forged' } },
  ])(
    'an application role fires a definer feed from a trigger of its own only if it may EXECUTE it (EXECUTE revoked from PUBLIC: $revoked)',
    async ({ revoked, expected }) => {
      const db = await scratchDatabase();
      try {
        const { lesson, exercise } = exerciseOf('roles-per-version');
        await applyLessons(db.session, upTo(lesson.slug));
        const revoke = /^REVOKE EXECUTE[\s\S]*?FROM PUBLIC;\n/m;
        expect(exercise.solution).toMatch(revoke);
        const solution = revoked ? exercise.solution : exercise.solution.replace(revoke, '');
        expect(await run(db.session, solution)).toMatchObject({ ok: true });
        await run(db.session, "UPDATE users_2 SET password_hash = 'bar-password-unchanged' WHERE id = 1");
        const attacker = await db.connect();
        await attacker.query('SET ROLE cqrs_v2');
        await attacker.query('CREATE TEMP TABLE forged (user_id bigint, password_hash text)');
        const forging = await outcomeOf(
          attacker.query(
            'CREATE TRIGGER forged AFTER INSERT ON pg_temp.forged FOR EACH ROW EXECUTE FUNCTION public.password_changed_2_to_users_2()',
          ),
        );
        if (forging === 'ok') await attacker.query("INSERT INTO pg_temp.forged VALUES (1, 'forged')");
        const [row] = await rowsOf(db.session, 'SELECT password_hash FROM users_2 WHERE id = 1');
        expect({ forging, bars_password: row?.[0] }).toEqual(expected);
        // Nothing of it is in history.
        expect(
          await rowsOf(db.session, "SELECT id FROM password_changed_2 WHERE password_hash = 'forged'"),
        ).toEqual([]);
      } finally {
        await dropCourseRoles(db);
        await db.close();
      }
    },
  );

  describe.each(
    ['users-4', 'users-5-corrected'].flatMap((id) =>
      ['repeatable read', 'serializable'].map((level) => ({ id, level })),
    ),
  )('the $id migration at $level', ({ id, level }) => {
    test('a writer whose snapshot predates it changes a password: it lands, or fails with a retryable 40001 and lands on retry, never a false 23503', async () => {
      const db = await scratchDatabase();
      try {
        const { lesson, exercise } = exerciseOf(id);
        await applyLessons(db.session, upTo(lesson.slug));
        const writer = await db.connect();
        const migrator = pgSession(await db.connect());
        const transaction = async () => {
          await writer.query(`BEGIN ISOLATION LEVEL ${level}`);
          // v2 looks the user up first: its snapshot is taken here.
          await writer.query('SELECT id FROM users_2 WHERE id = 1');
          return transaction;
        };
        await transaction();
        expect(await run(migrator, exercise.solution)).toMatchObject({ ok: true });
        const change = `INSERT INTO password_changed_2 (user_id, password_hash) VALUES (1, 'during-${id}')`;
        const first = await outcomeOf(writer.query(change).then(() => writer.query('COMMIT')));
        expect(['ok', '40001']).toContain(first);
        if (first !== 'ok') {
          await writer.query('ROLLBACK');
          await transaction();
          expect(await outcomeOf(writer.query(change).then(() => writer.query('COMMIT')))).toBe('ok');
        }
        // users_5 cannot be rebuilt event by event (its NOT NULL needs the later username events),
        // so the change is looked for where it must be: once in history, and in every users table.
        const { read } = classify(await tables(db.session), course.readModels);
        const users = read.filter((table) => table.model === 'users').map((table) => table.name);
        expect(
          await rowsOf(
            db.session,
            [
              `SELECT 'history', count(*)::text FROM password_changed_2 WHERE password_hash = 'during-${id}'`,
              ...users.map((name) => `SELECT '${name}', password_hash FROM ${name} WHERE id = 1`),
            ].join(' UNION ALL '),
          ),
        ).toEqual([['history', '1'], ...users.map((name) => [name, `during-${id}`])]);
      } finally {
        await db.close();
      }
    });
  });

  test('an application transaction that writes password_changed_2 and then user_registered_1 while the users-4 migration takes its locks commits; the migration gives up with 55P03 before a deadlock can be declared, leaves nothing behind, and succeeds when run again', async () => {
    const db = await scratchDatabase();
    try {
      const { lesson, exercise } = exerciseOf('users-4');
      await applyLessons(db.session, upTo(lesson.slug));
      const app = await db.connect();
      const migratorClient = await db.connect();
      const observer = await db.connect();
      await app.query('BEGIN');
      await app.query(`INSERT INTO password_changed_2 (user_id, password_hash) VALUES (1, 'app')`);
      const migratorPid = await backendPid(migratorClient);
      const migration = run(pgSession(migratorClient), exercise.solution);
      expect(await waitsForLock(observer, migratorPid, migration)).toBe(true);
      const registration = outcomeOf(
        app.query(
          `INSERT INTO user_registered_1 (email, password_hash, username) VALUES ('app@example.com', 'h', 'app')`,
        ),
      );
      const gaveUp = await migration;
      expect(await registration).toBe('ok');
      await app.query('COMMIT');
      expect(gaveUp).toMatchObject({ ok: false, error: { code: '55P03' } });
      expect(await rowsOf(db.session, `SELECT to_regclass('public.users_4') IS NULL`)).toEqual([['t']]);
      expect(await run(pgSession(migratorClient), exercise.solution)).toMatchObject({ ok: true });
      await expectReadTablesMatchHistory(db.session);
    } finally {
      await db.close();
    }
  });
});
