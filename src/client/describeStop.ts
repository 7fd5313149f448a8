import { el, plural } from '../ui/dom';
import type { RunReply } from './EngineClient';

type Stopped = Extract<RunReply, { kind: 'stopped' }>;

/** What happened to a run that was stopped, and to the database, in plain words. */
export function describeStop(reply: Stopped, timeoutMs: number): string {
  const why = {
    cancelled: 'You cancelled the statement.',
    timeout: `The statement ran longer than ${timeoutMs / 1000} s and was stopped.`,
    crashed: `PostgreSQL broke while running it${reply.detail ? ` (${reply.detail})` : ''}.`,
  }[reply.reason];
  const { recovery } = reply;
  const problems = recovery.problems.length > 0 ? ' Not everything came back as it was; see below.' : '';
  // A kept database comes back whole even when the restore is stopped: only the session's replay is given up.
  if (recovery.abandoned && (!recovery.fromSaved || recovery.dropped > 0)) {
    return recovery.fromSaved
      ? `${why} You stopped the restore: the database is as it was kept after your last finished statement, without the ${plural(recovery.dropped, 'statement')} of your session after it (an open transaction's work, SET or PREPARE).${problems}`
      : `${why} Restoring your earlier work was cancelled: the database is back at the lesson's start, and what you had run before is not in it.${problems}`;
  }
  if (recovery.fromSaved) {
    const replayed =
      recovery.restored > 0 ? ` and ${plural(recovery.restored, 'statement')} of your session replayed` : '';
    return `${why} It was restarted from your kept database, as it was after your last finished statement${replayed}, in ${Math.round(recovery.ms)} ms.${problems}`;
  }
  const skipped = recovery.skipped > 0 ? `, ${plural(recovery.skipped, 'plain read')} left out` : '';
  const restored =
    recovery.restored === 0
      ? 'It was restarted at the lesson’s start, where you were'
      : `It was restarted and your ${plural(recovery.restored, 'earlier statement')} replayed${skipped}`;
  return `${why} ${restored}, in ${Math.round(recovery.ms)} ms.${problems}`;
}

/**
 * A run (or check) that did not finish, as the page shows it: an alert saying why and what became
 * of the database, then anything a restore could not bring back. `verb` names what did not happen
 * ("run", "checked"); `after` is added to a stop's sentence.
 */
export function stoppedNotes(
  reply: Stopped | { kind: 'unavailable'; message: string },
  timeoutMs: number,
  { verb = 'run', after = '' } = {},
): HTMLElement[] {
  const text =
    reply.kind === 'unavailable'
      ? `Not ${verb}: ${reply.message}`
      : `${describeStop(reply, timeoutMs)}${after ? ` ${after}` : ''}`;
  const notes: HTMLElement[] = [el('p', { className: 'stopped', attrs: { role: 'alert' }, text })];
  if (reply.kind === 'stopped' && reply.recovery.problems.length > 0) {
    notes.push(
      el(
        'ul',
        { className: 'stopped-problems' },
        ...reply.recovery.problems.map((problem) => el('li', { text: problem })),
      ),
    );
  }
  return notes;
}
