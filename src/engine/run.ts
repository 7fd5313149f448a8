import { sqlstates } from '../lesson/sqlstates';
import type { RunResult, Session } from './types';

const nulMessage =
  'The SQL contains a NUL character (U+0000), which PostgreSQL cannot accept in a query. Remove it and run again.';

function refused(message: string): RunResult {
  const error = { code: '22021', name: sqlstates['22021'] ?? '', severity: 'ERROR', message };
  return { ok: false, error, statements: [], notices: [], rolledBack: false };
}

/**
 * Runs SQL the way a lesson step runs it, everywhere: in the tests, in the browser's worker and
 * against a real server. After a failure inside an explicit transaction it rolls back, so the
 * next step never meets "current transaction is aborted" (25P02).
 */
export async function run(session: Session, sql: string): Promise<RunResult> {
  // The wire protocol ends a query at its first NUL byte; PostgreSQL would see a truncated query.
  if (sql.includes('\u0000')) return refused(nulMessage);
  const reply = await session.simpleQuery(sql);
  if (!reply.error) return { ok: true, statements: reply.statements, notices: reply.notices };
  if (reply.inFailedTransaction) await session.simpleQuery('ROLLBACK');
  return {
    ok: false,
    error: reply.error,
    statements: reply.statements,
    notices: reply.notices,
    rolledBack: reply.inFailedTransaction,
  };
}
