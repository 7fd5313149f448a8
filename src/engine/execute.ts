import { translateMetaCommand } from './metaCommands';
import { refuse, run } from './run';
import { diffSnapshots, snapshot, type TableChange } from './snapshot';
import type { RunResult, Session } from './types';

/** What the learner sees for one run: the result (rows capped for display), timing and changes. */
export interface Outcome {
  result: RunResult;
  /** The true number of rows each statement returned, before capping. */
  rowCounts: number[];
  /** Milliseconds the SQL itself took, without the before/after comparison. */
  ms: number;
  /** Rows that appeared, disappeared or changed in each table, triggers' writes included. */
  changes: TableChange[];
}

export interface ExecuteOptions {
  /** Rows kept per statement; the rest are counted, not sent. */
  maxRows: number;
  /** Compare table contents before and after (off for replaying history). */
  trackChanges: boolean;
}

/** Runs what the learner typed: SQL, or one of the psql commands we understand. */
export async function execute(session: Session, input: string, options: ExecuteOptions): Promise<Outcome> {
  const meta = translateMetaCommand(input);
  if (meta && 'problem' in meta) {
    return {
      result: await refuse(session, '42601', meta.problem),
      rowCounts: [],
      ms: 0,
      changes: [],
    };
  }
  const sql = meta ? meta.sql : input;
  const before = options.trackChanges && !meta ? await snapshot(session) : undefined;
  const started = performance.now();
  const result = await run(session, sql);
  const ms = performance.now() - started;
  const changes = before ? diffSnapshots(before, await snapshot(session)) : [];
  const rowCounts = result.statements.map((statement) => statement.rows.length);
  const statements = result.statements.map((statement) =>
    statement.rows.length > options.maxRows
      ? { ...statement, rows: statement.rows.slice(0, options.maxRows) }
      : statement,
  );
  return { result: { ...result, statements }, rowCounts, ms, changes };
}
