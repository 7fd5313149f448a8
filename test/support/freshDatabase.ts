import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { pgliteSession } from '../../src/engine/pgliteSession';
import type { Session } from '../../src/engine/types';

export { applyLessons } from './replayCourse';

/** An empty database, loaded from the suite's dump instead of running initdb again. */
export async function freshDatabase(): Promise<{ db: PGlite; session: Session }> {
  const tar = readFileSync(inject('baseDataDir'));
  const db = await PGlite.create({ loadDataDir: new Blob([tar]) });
  return { db, session: pgliteSession(db) };
}
