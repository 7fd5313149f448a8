import { plural } from './dom';
import type { RunReply } from './EngineClient';

/** What happened to a run that was stopped, and to the database, in plain words. */
export function describeStop(reply: Extract<RunReply, { kind: 'stopped' }>, timeoutMs: number): string {
  const why = {
    cancelled: 'You cancelled the statement.',
    timeout: `The statement ran longer than ${timeoutMs / 1000} s and was stopped.`,
    crashed: `PostgreSQL broke while running it${reply.detail ? ` (${reply.detail})` : ''}.`,
  }[reply.reason];
  const { recovery } = reply;
  if (recovery.abandoned) {
    return `${why} Restoring your earlier work was cancelled: the database is back at the lesson's start, and what you had run before is not in it.`;
  }
  const skipped = recovery.skipped > 0 ? `, ${plural(recovery.skipped, 'plain read')} left out` : '';
  const restored =
    recovery.restored === 0
      ? 'It was restarted at the lesson’s start, where you were'
      : `It was restarted and your ${plural(recovery.restored, 'earlier statement')} replayed${skipped}`;
  const problems = recovery.problems.length > 0 ? ' Some did not come back the same; see below.' : '';
  return `${why} ${restored}, in ${Math.round(recovery.ms)} ms.${problems}`;
}
