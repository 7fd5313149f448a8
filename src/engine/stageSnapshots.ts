import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import type { Course } from '../lesson/types';
import { pgliteSession } from './pgliteSession';
import { run } from './run';

/**
 * Dumps a data directory small enough to download: without the two template databases (nothing
 * here creates databases) and with the WAL reduced to one fresh, nearly empty segment. A fresh
 * database dumps to about 4.5 MB gzipped; this leaves about 1 MB.
 */
export async function compactDump(db: PGlite, compression: 'gzip' | 'none' = 'gzip'): Promise<Blob> {
  for (const template of ['template0', 'template1']) {
    const exists = await db.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [template]);
    if (exists.rows.length === 0) continue;
    await db.query(`UPDATE pg_database SET datistemplate = false WHERE datname = $1`, [template]);
    await db.query(`DROP DATABASE ${template}`);
  }
  // A recycled segment keeps its old contents; a new one is zero-filled and compresses to nothing.
  await db.query('SET wal_recycle = off');
  await db.query('CHECKPOINT');
  await db.query('SELECT pg_switch_wal()');
  await db.query('CHECKPOINT');
  return db.dumpDataDir(compression);
}

/**
 * The database at the start of every lesson that has steps, built by replaying the course in order
 * on one engine: lesson slug → its starting state, compacted.
 */
export async function buildStageSnapshots(
  course: Course,
  create: (options?: PGliteOptions) => Promise<PGlite>,
): Promise<Map<string, Blob>> {
  const db = await create();
  const session = pgliteSession(db);
  const snapshots = new Map<string, Blob>();
  try {
    for (const lesson of course.lessons) {
      if (lesson.steps.length > 0) snapshots.set(lesson.slug, await compactDump(db));
      for (const step of lesson.steps) await run(session, step.sql);
    }
  } finally {
    await db.close();
  }
  return snapshots;
}
