import { describe } from 'vitest';
import { run } from '../../src/engine/run';
import { loadCourse } from '../../src/lesson/loadCourse';
import { rowsOf } from '../support/catalog';
import { replayExercises } from '../support/replayExercises';
import { postgresUrl, scratchDatabase } from './support/scratchDatabase';

/** Roles belong to the whole server: an exercise's roles are dropped again after each attempt. */
async function dropExerciseRoles(db: { session: import('../../src/engine/types').Session }) {
  const roles = await rowsOf(db.session, `SELECT rolname FROM pg_roles WHERE rolname LIKE 'cqrs\\_%'`);
  for (const [role] of roles) await run(db.session, `DROP OWNED BY ${role}; DROP ROLE ${role};`);
}

describe.skipIf(!postgresUrl)('on a real PostgreSQL server', () => {
  replayExercises(loadCourse(), scratchDatabase, dropExerciseRoles);
});
