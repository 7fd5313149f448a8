import { readFileSync } from 'node:fs';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { serverSettings } from '../../src/engine/openDatabase';
import { pgliteSession } from '../../src/engine/pgliteSession';
import type { Session } from '../../src/engine/types';

export { applyLessons } from './replayCourse';

/**
 * An empty database, loaded from the suite's dump instead of running initdb again, with the
 * page's server settings unless `options` says otherwise.
 */
export async function freshDatabase(options: PGliteOptions = {}): Promise<{ db: PGlite; session: Session }> {
  const tar = readFileSync(inject('baseDataDir'));
  const db = await PGlite.create({
    postgresqlconf: serverSettings,
    ...options,
    loadDataDir: new Blob([tar]),
  });
  return { db, session: pgliteSession(db) };
}
