/** One thing that happened in a race, as the recorder saw it. */
export type RaceEvent =
  | { at: number; lane: string; action: number; kind: 'start' }
  /** The action is waiting for a lock: which (table and mode, or a row), and whose lane holds it. */
  | { at: number; lane: string; action: number; kind: 'wait'; lock: string; holders: string[] }
  /** The action ended: `ok` with its last command tag, or the SQLSTATE and PostgreSQL's message. */
  | { at: number; lane: string; action: number; kind: 'end'; outcome: 'ok'; tag: string }
  | { at: number; lane: string; action: number; kind: 'end'; outcome: string; message: string };

/** A race as it happened on one server. */
export interface Recording {
  id: string;
  /** e.g. "PostgreSQL 15.18". */
  server: string;
  events: RaceEvent[];
  /** What the tables held at the end. */
  end: { columns: string[]; rows: (string | null)[][] };
}

/**
 * What must happen the same way every time a race is run on one major: which server, the order of
 * events, their outcomes and messages (the page shows them), who waited for whom, and the tables at
 * the end; not the times, nor the minor version. Actions that end together (one freed the other)
 * reach the recorder in either order from one run to the next: a run of ends is compared as a set.
 */
export function whatHappened(recording: Recording) {
  const said = recording.events.map(({ at: _at, ...rest }) => rest);
  const events: unknown[] = [];
  let ends: typeof said = [];
  const flush = () => {
    if (ends.length > 0) events.push({ ended: [...ends].sort((a, b) => a.action - b.action) });
    ends = [];
  };
  for (const event of said) {
    if (event.kind === 'end') ends.push(event);
    else {
      flush();
      events.push(event);
    }
  }
  flush();
  const major = recording.server.match(/^PostgreSQL (\d+)\.\d+$/)?.[1] ?? recording.server;
  return { server: `PostgreSQL ${major}`, events, end: recording.end };
}
