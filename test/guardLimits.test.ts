import { expect, test } from 'vitest';
import { run } from '../src/engine/run';
import { loadCourse } from '../src/lesson/loadCourse';
import { applyLessons, freshDatabase } from './support/freshDatabase';

const course = loadCourse();
const minimal = course.lessons.filter((lesson) => lesson.order <= 1);
const guard = minimal
  .flatMap((lesson) => lesson.exercises)
  .find((e) => e.id === 'read-table-written-by-its-feed');

test('the users_0 guard stops code that writes the read model, not code set on getting round it: a trigger of its own on a temporary table writes one level deeper, as a feed does', async () => {
  if (!guard) throw new Error('no read-table-written-by-its-feed exercise');
  const { db, session } = await freshDatabase();
  await applyLessons(session, minimal);
  expect(await run(session, guard.solution)).toMatchObject({ ok: true });
  const direct = await run(session, "INSERT INTO users_0 VALUES (4242, 'direct@example.com', 'h')");
  expect(direct).toMatchObject({ ok: false, error: { code: '2F002' } });
  const roundabout = await run(
    session,
    `CREATE TEMP TABLE relay (id bigint, email text);
     CREATE FUNCTION pg_temp.relay() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN INSERT INTO public.users_0 VALUES (NEW.id, NEW.email, 'h'); RETURN NULL; END $$;
     CREATE TRIGGER relay AFTER INSERT ON relay FOR EACH ROW EXECUTE FUNCTION pg_temp.relay();
     INSERT INTO relay VALUES (4242, 'roundabout@example.com');`,
  );
  expect(roundabout).toMatchObject({ ok: true });
  expect(
    (await db.query("SELECT count(*)::int AS n FROM users_0 WHERE email = 'roundabout@example.com'")).rows,
  ).toEqual([{ n: 1 }]);
  await db.close();
});
