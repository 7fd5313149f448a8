import { codeStart } from '../engine/codeStart';
import type { JournalEntry } from '../engine/protocol';
import { splitStatements } from '../engine/splitStatements';
import type { Source } from './EngineClient';

/** A finished run, kept so that a new engine can be brought to the same state. */
export interface Entry extends JournalEntry {
  source: Source;
  /** False for a run that could not have changed anything; a restore leaves it out. */
  matters: boolean;
  /**
   * The statements by which it changed the session for good (SET, PREPARE…), which no saved database
   * holds: replayed after every restart, without the rest of the run. '' when there are none.
   */
  session: string;
}

/** Commands whose effect lives in the session, not in the tables. */
const sessionCommand = /^(SET|RESET|DISCARD|PREPARE|DEALLOCATE|LISTEN|UNLISTEN|LOAD)\b/i;
/** These last only as long as their transaction, which has ended by the time a run is saved. */
const transactionScoped = /^SET\s+(LOCAL|TRANSACTION|CONSTRAINTS)\b/i;
/** A cursor outlives its transaction only when declared WITH HOLD. */
const heldCursor = /^DECLARE\b[\s\S]*\bWITH\s+HOLD\b/i;

/** Not undone when a failed run is rolled back: a prepared statement outlives its transaction. */
const outlivesRollback = /^(PREPARE|DEALLOCATE)\b/i;

/**
 * The statements of a run that change the session for good, as SQL to replay after a restart. A run
 * that set `lock_timeout` locally and locked a table, or set `search_path` and then inserted a row,
 * must not lock or insert again: only what the session itself holds is replayed. For a run that
 * failed after `completed` statements, only what its rollback left: the prepared statements made
 * before the failure.
 */
export function sessionPart(sql: string, completed?: number): string {
  const statements = splitStatements(sql).map(({ sql: text }) => codeStart(text));
  const kept =
    completed === undefined
      ? statements.filter(
          (text) => (sessionCommand.test(text) && !transactionScoped.test(text)) || heldCursor.test(text),
        )
      : statements.slice(0, completed).filter((text) => outlivesRollback.test(text));
  return kept.join('\n');
}

const same = (a: Source, b: Source) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The journal once the database has been saved after a run that left no transaction open: only the
 * session's changes are still to replay, as the saved files hold everything else. `saved` names the
 * runs whose effects are now kept, leaving out those a rollback undid.
 */
export function savedJournal(entries: Entry[], undone: Source[]): { kept: Entry[]; saved: Source[] } {
  const kept = entries
    .filter((entry) => entry.session !== '' && !undone.some((source) => same(source, entry.source)))
    .map(({ source, session }): Entry => ({ source, sql: session, matters: true, session }));
  const saved: Source[] = [];
  for (const { source } of entries) {
    if (undone.some((other) => same(other, source)) || saved.some((other) => same(other, source))) continue;
    saved.push(source);
  }
  return { kept, saved };
}
