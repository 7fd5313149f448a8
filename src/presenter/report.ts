import { describeStop } from '../client/describeStop';
import type { RunReply } from '../client/EngineClient';
import type { Outcome } from '../engine/execute';
import { lastRowResult, type Verdict } from '../engine/judge';
import type { TableChange } from '../engine/tableChanges';
import type { Row } from '../lesson/types';

/** Rows shown on a slide; the rest are counted. */
export const slideRows = 6;

/**
 * One step's run, as plain data: what the audience window shows, and what it sends the speaker
 * window (so both say the same thing).
 */
export interface StepReport {
  /** Absent when the run was stopped before PostgreSQL answered. */
  verdict?: Verdict;
  error?: { code: string; name: string; message: string; constraint?: string };
  rows?: { command: string; columns: string[]; rows: Row[]; more: number };
  /** One line per table the run changed: its name and what happened to it. */
  changes: { table: string; what: string }[];
  /** Why a run did not finish, and what became of the database, in sentences. */
  stopped?: string[];
}

const count = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** What happened to one table, in a few words: "+1 row", "2 changed, −1 row", "created". */
export function describeChange(change: TableChange): string {
  if (change.kind === 'created') return 'created';
  if (change.kind === 'dropped') return 'dropped';
  const parts = [
    change.added.length ? `+${count(change.added.length, 'row')}` : '',
    change.changed.length ? `${change.changed.length.toLocaleString('en')} changed` : '',
    change.removed.length ? `−${count(change.removed.length, 'row')}` : '',
  ].filter(Boolean);
  // A table too big to compare row by row only says how its size moved.
  if (parts.length === 0 && change.countDelta) {
    const delta = change.countDelta;
    parts.push(`${delta > 0 ? '+' : '−'}${count(Math.abs(delta), 'row')}`);
  }
  return parts.join(', ') || 'changed';
}

export function reportOf(outcome: Outcome, verdict: Verdict, changes: TableChange[]): StepReport {
  const { result } = outcome;
  const report: StepReport = {
    verdict,
    changes: changes.map((change) => ({ table: change.table, what: describeChange(change) })),
  };
  if (!result.ok) {
    const { code, name, message, constraint } = result.error;
    report.error = { code, name, message, ...(constraint ? { constraint } : {}) };
  }
  const rows = result.ok ? lastRowResult(result.statements) : undefined;
  if (rows && rows.rows.length > 0) {
    report.rows = {
      command: rows.command,
      columns: rows.columns,
      rows: rows.rows.slice(0, slideRows),
      more: Math.max(0, rows.rows.length - slideRows),
    };
  }
  return report;
}

/** What became of a run that did not finish, as sentences for both windows. */
export function stoppedReport(reply: Exclude<RunReply, { kind: 'done' }>, timeoutMs: number): StepReport {
  if (reply.kind === 'unavailable') return { changes: [], stopped: [`Not run: ${reply.message}`] };
  return { changes: [], stopped: [describeStop(reply, timeoutMs), ...reply.recovery.problems] };
}
