import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pgliteSession } from '../src/engine/pgliteSession';
import { buildStageSnapshots } from '../src/engine/stageSnapshots';
import type { Session } from '../src/engine/types';
import { loadCourse } from '../src/lesson/loadCourse';
import { rowsOf } from './support/catalog';
import { freshDatabase } from './support/freshDatabase';
import { applyLessons } from './support/replayCourse';

const course = loadCourse();
const runnable = course.lessons.filter((lesson) => lesson.steps.length > 0);
let snapshots: Map<string, Blob>;

/** Everything a lesson can observe: the schema's definitions, every row, every sequence's position. */
async function contents(session: Session) {
  const definitions = await rowsOf(
    session,
    `SELECT c.relkind::text, c.relname, pg_get_triggerdef(t.oid), pg_get_constraintdef(k.oid),
            (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull, ', ' ORDER BY a.attnum)
             FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
     FROM pg_class c
     LEFT JOIN pg_trigger t ON t.tgrelid = c.oid AND NOT t.tgisinternal
     LEFT JOIN pg_constraint k ON k.conrelid = c.oid
     WHERE c.relnamespace = 'public'::regnamespace
     ORDER BY 1, 2, 3, 4`,
  );
  const functions = await rowsOf(
    session,
    `SELECT pg_get_functiondef(oid) FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY proname`,
  );
  const sequences = await rowsOf(
    session,
    `SELECT relname, pg_sequence_last_value(oid)::text FROM pg_class
     WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace ORDER BY 1`,
  );
  const tables = await rowsOf(
    session,
    `SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 1`,
  );
  const rows: Record<string, (string | null)[][]> = {};
  for (const [name] of tables)
    rows[String(name)] = await rowsOf(session, `SELECT * FROM public.${name} ORDER BY 1`);
  return { definitions, functions, sequences, rows };
}

beforeAll(async () => {
  snapshots = await buildStageSnapshots(course, (options) => PGlite.create(options));
});

describe.each(runnable)('the snapshot at the start of "$slug"', (lesson) => {
  let fromSnapshot: PGlite;
  let replayed: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    const snapshot = snapshots.get(lesson.slug);
    if (!snapshot) throw new Error(`no snapshot for ${lesson.slug}`);
    fromSnapshot = await PGlite.create({ loadDataDir: snapshot });
    replayed = await freshDatabase();
    await applyLessons(
      replayed.session,
      course.lessons.filter((item) => item.order < lesson.order),
    );
  });
  afterAll(async () => {
    await fromSnapshot?.close();
    await replayed?.db.close();
  });

  test('holds exactly what replaying the earlier lessons builds: schema, rows and sequences', async () => {
    expect(await contents(pgliteSession(fromSnapshot))).toEqual(await contents(replayed.session));
  });

  test('is small: under 1.5 MB gzipped', () => {
    expect(snapshots.get(lesson.slug)?.size).toBeLessThan(1.5 * 1024 * 1024);
  });
});
