import { run } from './run';
import { splitStatements } from './splitStatements';
import type { Session } from './types';

/** One transaction of a migration: how long it lasted and the locks it held that writes wait for. */
export interface Hold {
  /** Its first statement's first line. */
  what: string;
  ms: number;
  /** "table: Mode" for each lock on a table of the course that conflicts with a write's. */
  blocking: string[];
  /**
   * False for a statement that cannot run inside a transaction block (CREATE INDEX CONCURRENTLY, a
   * procedure that commits), whose locks cannot be read before it ends: `note` says what
   * PostgreSQL documents for it.
   */
  measured: boolean;
  note?: string;
}

export interface ScaleResult {
  variant: 'locked' | 'online';
  users: number;
  /** The longest time the migration held a lock writes would have waited for. */
  longestBlockMs: number;
  totalMs: number;
  holds: Hold[];
}

/** Lock modes that conflict with ROW EXCLUSIVE, the lock every INSERT takes. */
const blocksWrites = ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'];
const locksHeld = `SELECT c.relname || ': ' || l.mode FROM pg_catalog.pg_locks l
  JOIN pg_catalog.pg_class c ON c.oid = l.relation
  WHERE l.pid = pg_catalog.pg_backend_pid() AND l.granted AND c.relkind = 'r'
    AND c.relnamespace = pg_catalog.to_regnamespace('public') AND l.mode IN (${blocksWrites.map((mode) => `'${mode}'`).join(', ')})
  ORDER BY 1`;
/** What PostgreSQL's documentation says of the statements whose locks cannot be read before they end. */
const unwrapped: [RegExp, string][] = [
  [/^CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\b/i, 'SHARE UPDATE EXCLUSIVE on the table: writes go on'],
  [/^CALL\b/i, 'each batch commits on its own, holding ROW EXCLUSIVE: writes go on'],
];
const firstLine = (sql: string) => sql.trim().split('\n')[0] ?? '';

/**
 * Adds users `from` to `to` with the demo's fill SQL, in one transaction, as the benchmark does;
 * the placeholders are numbers, never text from a learner.
 */
export async function fill(session: Session, sql: string, from: number, to: number): Promise<void> {
  const result = await run(
    session,
    `BEGIN;\n${sql.replaceAll(':from', String(from)).replaceAll(':to', String(to))}\nCOMMIT;`,
  );
  if (!result.ok) throw new Error(`filling the history failed: ${result.error.code} ${result.error.message}`);
}

/**
 * Runs a migration's scripts as psql would, statement by statement, and times every transaction,
 * reading before each COMMIT which locks it holds that a write would wait for. One session cannot
 * show a write waiting; this is how long one would have.
 */
export async function measureMigration(
  session: Session,
  variant: 'locked' | 'online',
  users: number,
  scripts: string[],
): Promise<ScaleResult> {
  const holds: Hold[] = [];
  const started = performance.now();
  let open: { what: string; since: number } | undefined;
  for (const script of scripts) {
    for (const { sql } of splitStatements(script)) {
      if (open && /^(COMMIT|END)\b/i.test(sql)) {
        const locks = await run(session, locksHeld);
        const blocking = locks.ok ? (locks.statements[0]?.rows ?? []).map(([lock]) => lock ?? '') : [];
        await mustRun(session, sql);
        holds.push({ what: open.what, ms: performance.now() - open.since, blocking, measured: true });
        open = undefined;
        continue;
      }
      if (!open && /^BEGIN\b/i.test(sql)) {
        open = { what: sql, since: performance.now() };
        await mustRun(session, sql);
        continue;
      }
      if (open) {
        if (open.what === 'BEGIN;' || /^SET\b/i.test(open.what)) open.what = firstLine(sql);
        await mustRun(session, sql);
        continue;
      }
      const note = unwrapped.find(([pattern]) => pattern.test(sql))?.[1];
      const since = performance.now();
      if (note) {
        await mustRun(session, sql);
        holds.push({
          what: firstLine(sql),
          ms: performance.now() - since,
          blocking: [],
          measured: false,
          note,
        });
        continue;
      }
      // A statement on its own is a transaction of its own: look at its locks before it ends.
      await mustRun(session, `BEGIN;\n${sql}`);
      const locks = await run(session, locksHeld);
      await mustRun(session, 'COMMIT');
      holds.push({
        what: firstLine(sql),
        ms: performance.now() - since,
        blocking: locks.ok ? (locks.statements[0]?.rows ?? []).map(([lock]) => lock ?? '') : [],
        measured: true,
      });
    }
  }
  const blockingMs = holds.filter((hold) => hold.blocking.length > 0).map((hold) => hold.ms);
  return {
    variant,
    users,
    longestBlockMs: Math.max(0, ...blockingMs),
    totalMs: performance.now() - started,
    holds,
  };
}

async function mustRun(session: Session, sql: string): Promise<void> {
  const result = await run(session, sql);
  if (!result.ok) throw new Error(`${firstLine(sql)}: ${result.error.code} ${result.error.message}`);
}
