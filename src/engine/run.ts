import { sqlstates } from '../lesson/sqlstates';
import type { Reply, RunResult, Session } from './types';

const nulMessage =
  'The SQL contains a NUL character (U+0000), which PostgreSQL cannot accept in a query. Remove it and run again.';

/** An error of our own for SQL that was never sent, e.g. a psql command we do not understand. */
export async function refuse(session: Session, code: string, message: string): Promise<RunResult> {
  const error = { code, name: sqlstates[code] ?? '', severity: 'ERROR', message };
  // Nothing was sent, so an open transaction stays open: an empty query asks which it is.
  const { status } = await session.simpleQuery('');
  const transaction = status === 'idle' ? 'idle' : 'open';
  return { ok: false, error, statements: [], notices: [], rolledBack: false, transaction };
}

/** A reply as a result, leaving the transaction as it is (no rollback). */
export function resultOf(reply: Reply): RunResult {
  const transaction = reply.status === 'idle' ? 'idle' : 'open';
  if (!reply.error) return { ok: true, statements: reply.statements, notices: reply.notices, transaction };
  return {
    ok: false,
    error: reply.error,
    statements: reply.statements,
    notices: reply.notices,
    rolledBack: false,
    transaction,
  };
}

/**
 * Runs SQL the way a lesson step runs it, everywhere: in the tests, in the browser's worker and
 * against a real server. After a failure inside an explicit transaction it rolls back, so the
 * next step never meets "current transaction is aborted" (25P02).
 */
export async function run(session: Session, sql: string): Promise<RunResult> {
  // The wire protocol ends a query at its first NUL byte; PostgreSQL would see a truncated query.
  if (sql.includes('\u0000')) return refuse(session, '22021', nulMessage);
  const reply = await session.simpleQuery(sql);
  const transaction = reply.status === 'open' ? 'open' : 'idle';
  if (!reply.error) return { ok: true, statements: reply.statements, notices: reply.notices, transaction };
  const rolledBack = reply.status === 'failed';
  if (rolledBack) await session.simpleQuery('ROLLBACK');
  return {
    ok: false,
    error: reply.error,
    statements: reply.statements,
    notices: reply.notices,
    rolledBack,
    transaction: 'idle',
  };
}
