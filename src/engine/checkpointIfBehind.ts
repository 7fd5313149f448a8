import { run } from './run';
import type { Session } from './types';

/** One WAL segment: past this much WAL since the last checkpoint, a restart would be slow to redo. */
const behindBytes = 16 * 1024 * 1024;

/**
 * Opening the kept files (a restart after Cancel, a spare, the next visit) replays the WAL written
 * since the last checkpoint: after a run that wrote a lot, a checkpoint now keeps that replay short.
 * Only outside a transaction; a session whose role may not read or take checkpoints is left alone.
 */
export async function checkpointIfBehind(session: Session): Promise<boolean> {
  const behind = await run(
    session,
    'SELECT pg_catalog.pg_current_wal_insert_lsn() OPERATOR(pg_catalog.-) (pg_catalog.pg_control_checkpoint()).redo_lsn',
  );
  const bytes = behind.ok ? Number(behind.statements[0]?.rows[0]?.[0] ?? 0) : 0;
  if (bytes < behindBytes) return false;
  return (await run(session, 'CHECKPOINT')).ok;
}
