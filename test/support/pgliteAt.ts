import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { serverSettings } from '../../src/engine/openDatabase';
import { pgliteSession } from '../../src/engine/pgliteSession';
import { compactDump } from '../../src/engine/stageSnapshots';
import type { Course, Lesson } from '../../src/lesson/types';
import { freshDatabase } from './freshDatabase';
import type { Database } from './replayCourse';
import { applyLessons } from './replayCourse';

/** PostgreSQL's WebAssembly, compiled once for the many engines the exercise tests start. */
const engineDir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
const engine = {
  pgliteWasmModule: await WebAssembly.compile(readFileSync(join(engineDir, 'pglite.wasm'))),
  fsBundle: new Blob([readFileSync(join(engineDir, 'pglite.data'))]),
};
const starts = new Map<string, Promise<Blob>>();

/** A compact dump of the database once `lesson`'s steps (and every earlier lesson's) have run. */
function startOf(course: Course, lesson: Lesson): Promise<Blob> {
  let start = starts.get(lesson.slug);
  if (!start) {
    start = (async () => {
      const { db, session } = await freshDatabase();
      await applyLessons(
        session,
        course.lessons.filter((item) => item.order <= lesson.order),
      );
      const dump = await compactDump(db, 'none');
      await db.close();
      return dump;
    })();
    starts.set(lesson.slug, start);
  }
  return start;
}

/** A new PGlite database where `lesson` leaves it, set up as the page's: where the lesson's exercises start. */
export async function pgliteAt(course: Course, lesson: Lesson): Promise<Database> {
  const db = await PGlite.create({
    ...engine,
    loadDataDir: await startOf(course, lesson),
    postgresqlconf: serverSettings,
  });
  return { session: pgliteSession(db), close: () => db.close() };
}
