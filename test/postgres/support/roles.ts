import { run } from '../../../src/engine/run';
import type { Session } from '../../../src/engine/types';
import { rowsOf } from '../../support/catalog';

/** Roles belong to the whole server: the course's roles are dropped again after each test. */
export async function dropCourseRoles(db: { session: Session }): Promise<void> {
  const roles = await rowsOf(
    db.session,
    `SELECT rolname FROM pg_roles WHERE rolname LIKE 'cqrs\\_%' OR rolname LIKE 'app\\_%'`,
  );
  for (const [role] of roles) await run(db.session, `DROP OWNED BY ${role}; DROP ROLE ${role};`);
}
