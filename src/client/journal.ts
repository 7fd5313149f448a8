import type { JournalEntry } from '../engine/protocol';
import type { Source } from './EngineClient';

/** A finished run, kept so that a new engine can be brought to the same state. */
export interface Entry extends JournalEntry {
  source: Source;
  /** False for a run that could not have changed anything; a restore leaves it out. */
  matters: boolean;
  /** It changed the session (SET, PREPARE…), which no saved database holds: always replayed. */
  session: boolean;
}

const same = (a: Source, b: Source) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The journal once the database has been saved after a run that left no transaction open: only the
 * session's changes are still to replay, as the saved files hold everything else. `saved` names the
 * runs whose effects are now kept, leaving out those a rollback undid.
 */
export function savedJournal(entries: Entry[], undone: Source[]): { kept: Entry[]; saved: Source[] } {
  const kept = entries.filter(
    (entry) => entry.session && !undone.some((source) => same(source, entry.source)),
  );
  const saved: Source[] = [];
  for (const { source } of entries) {
    if (undone.some((other) => same(other, source)) || saved.some((other) => same(other, source))) continue;
    saved.push(source);
  }
  return { kept, saved };
}
