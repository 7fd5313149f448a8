import type { RunResult, Session } from './types';

/**
 * Runs SQL the way a lesson step runs it, everywhere: in the tests, in the browser's worker and
 * against a real server. After a failure inside an explicit transaction it rolls back, so the
 * next step never meets "current transaction is aborted" (25P02).
 */
export async function run(session: Session, sql: string): Promise<RunResult> {
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
