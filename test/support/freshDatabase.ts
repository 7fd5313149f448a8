import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { pgliteSession } from '../../src/engine/pgliteSession';
import { run } from '../../src/engine/run';
import type { Session } from '../../src/engine/types';
import type { Lesson } from '../../src/lesson/types';

/** An empty database, loaded from the suite's dump instead of running initdb again. */
export async function freshDatabase(): Promise<{ db: PGlite; session: Session }> {
  const tar = readFileSync(inject('baseDataDir'));
  const db = await PGlite.create({ loadDataDir: new Blob([tar]) });
  return { db, session: pgliteSession(db) };
}

/** Runs every step of the lessons, in order, as a learner would, ignoring outcomes. */
export async function applyLessons(session: Session, lessons: Lesson[]): Promise<void> {
  for (const lesson of lessons) {
    for (const step of lesson.steps) await run(session, step.sql);
  }
}
