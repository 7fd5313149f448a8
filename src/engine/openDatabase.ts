import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { Observer } from './Observer';
import { pgliteSession } from './pgliteSession';
import type { JournalEntry, OpenPhase } from './protocol';
import { run } from './run';
import type { Session } from './types';

/**
 * Server settings for every learner's database, in its configuration so that even `RESET ALL`
 * keeps them. A PL/pgSQL function that calls itself forever overflows the WebAssembly stack before
 * PostgreSQL's own check fires, leaving the engine broken; at 100 kB PostgreSQL stops it first
 * with 54001. `track_functions` counts trigger calls, which is how the diagram knows which fired.
 */
export const serverSettings = [
  "max_stack_depth = '100kB'",
  "track_functions = 'pl'",
  // A kept database is read back whole, and replays its WAL after an unclean stop: little WAL,
  // and none recycled (a recycled segment is a whole file written again), keeps both short.
  "max_wal_size = '64MB'",
  "min_wal_size = '32MB'",
  'wal_recycle = off',
  // PostgreSQL clears its whole buffer pool as it starts: at the default 128 MB that was half of a
  // start here (a page's, a spare's, every Check's copy). A lesson's database is a few MB.
  "shared_buffers = '16MB'",
];

export interface OpenOptions {
  /**
   * The database is already in the file system `create` uses: open it as it is. `kept`: the
   * learner's, kept from before; `start`: the lesson's start, just put there.
   */
  existing?: 'kept' | 'start';
  /** The snapshot of the lesson's starting state, or undefined when it cannot be had. */
  snapshot(): Promise<Blob | undefined>;
  /** SQL that builds the starting state on a new database when there is no snapshot. */
  setup: string[];
  /** The learner's statements to replay on top. */
  replay: JournalEntry[];
  progress(phase: OpenPhase, message: string, done?: number, total?: number): void;
  /** How runs are observed; see Observer. */
  observe?: 'counters' | 'full';
}

export interface OpenDatabase {
  db: PGlite;
  session: Session;
  /** Has no baseline yet: call `observer.baseline()` before the first run (the catalog comes with it). */
  observer: Observer;
  fromSnapshot: boolean;
  replayProblems: { index: number; message: string }[];
}

/**
 * Opens the lesson's database: from its snapshot when there is one, otherwise a new database that
 * replays the earlier lessons; then the learner's own statements, checking each does what it did.
 */
export async function openDatabase(
  create: (options?: PGliteOptions) => Promise<PGlite>,
  options: OpenOptions,
): Promise<OpenDatabase> {
  if (options.existing) {
    options.progress(
      'start',
      options.existing === 'kept' ? 'Opening your database…' : 'Starting PostgreSQL…',
    );
    const db = await create({ postgresqlconf: serverSettings });
    return finishOpening(db, true, options);
  }
  const snapshot = await options.snapshot();
  let db: PGlite | undefined;
  if (snapshot) {
    options.progress('start', 'Starting PostgreSQL…');
    db = await create({ loadDataDir: snapshot, postgresqlconf: serverSettings }).catch(() => undefined);
  }
  const fromSnapshot = db !== undefined;
  if (!db) {
    options.progress(
      'start',
      'Building the lesson’s database from its earlier steps (slower: its ready-made copy could not be loaded)…',
    );
    db = await create({ postgresqlconf: serverSettings });
  }
  if (!fromSnapshot) {
    const session = pgliteSession(db);
    for (const [index, sql] of options.setup.entries()) {
      if (index % 10 === 0) {
        options.progress('setup', 'Replaying the earlier lessons…', index, options.setup.length);
      }
      await run(session, sql);
    }
  }
  return finishOpening(db, fromSnapshot, options);
}

/** The learner's statements replayed on the opened database, each checked to do what it did. */
async function finishOpening(db: PGlite, fromSnapshot: boolean, options: OpenOptions): Promise<OpenDatabase> {
  const session = pgliteSession(db);
  const replayProblems: OpenDatabase['replayProblems'] = [];
  for (const [index, entry] of options.replay.entries()) {
    options.progress('replay', 'Restoring your work…', index, options.replay.length);
    const result = await run(session, entry.sql);
    const now = result.ok ? undefined : result.error.code;
    if (now !== entry.error) {
      const was = entry.error ? `failed with ${entry.error}` : 'succeeded';
      const is = result.ok ? 'succeeded' : `failed with ${result.error.code}: ${result.error.message}`;
      replayProblems.push({ index, message: `It ${was} the first time; this time it ${is}.` });
    }
  }
  const observer = new Observer(session, options.observe);
  return { db, session, observer, fromSnapshot, replayProblems };
}
