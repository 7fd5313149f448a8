import { type Caps, capResult, defaultCaps } from './capResult';
import { type Probed, probeLocks } from './lockProbe';
import { translateMetaCommand } from './metaCommands';
import type { Observation } from './Observer';
import { refuse, run } from './run';
import type { RunResult, Session } from './types';
import { unsupportedInBrowser } from './wasmLimits';

/** What the learner sees for one run: the result (capped for display) and timing. */
export interface Outcome {
  result: RunResult;
  /** The true number of rows each statement returned, before capping. */
  rowCounts: number[];
  /** Statements left out of `result` because there were too many to show. */
  hiddenStatements: number;
  /** Notices left out of `result`, after the first ones, because there were too many to show. */
  hiddenNotices: number;
  /** Milliseconds the SQL itself took. */
  ms: number;
  /**
   * PL/pgSQL functions the error came from, innermost first, as PostgreSQL's context names them:
   * a trigger that failed never counts as having run, so this is how the page knows it did.
   */
  failedIn: string[];
  /** Whether the learner's SQL reached the database, so that what it changed is worth observing. */
  sent: boolean;
  /** For a psql command: how to show its statements, as psql's titled sections. */
  meta?: { title: string; sections: string[] };
  /**
   * The locks the run held on the course's tables at the end of its (last) transaction, read from
   * pg_locks before it ended; undefined when not asked for, or when it failed (its locks went with
   * the rollback).
   */
  locks?: { table: string; mode: string }[];
  /** Why the locks could not be read, e.g. a statement that cannot share its transaction. */
  locksUnread?: string;
}

const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** For a run that was never sent, or only read the catalog: nothing to observe. */
export const nothingObserved: Observation = { changes: [], fired: {}, counted: true, wrote: false };

/**
 * Runs what the learner typed: SQL, or one of the psql commands we understand. What it changed is
 * observed separately (`Observer.observe`), after the result has gone back to the page.
 */
export async function execute(
  session: Session,
  input: string,
  caps: Caps = defaultCaps,
  options: { traceLocks?: boolean } = {},
): Promise<Outcome> {
  const meta = translateMetaCommand(input);
  const refused = (result: RunResult): Outcome => ({
    result,
    rowCounts: [],
    hiddenStatements: 0,
    hiddenNotices: 0,
    ms: 0,
    failedIn: [],
    sent: false,
  });
  if (meta && 'problem' in meta) return refused(await refuse(session, '42601', meta.problem));
  const unsupported = meta ? undefined : unsupportedInBrowser(input);
  if (unsupported) return refused(await refuse(session, '0A000', unsupported));
  if (meta?.requires) {
    // psql's own words, and no trace of the query that found out.
    const found = await run(
      session,
      `SELECT to_regclass(${quoteLiteral(meta.requires.relation)}) IS NOT NULL`,
    );
    if (found.ok && found.statements[0]?.rows[0]?.[0] !== 't') {
      const typed = meta.requires.typed;
      return refused(await refuse(session, '42P01', `Did not find any relation named "${typed}".`));
    }
  }
  const probed: Probed = options.traceLocks && !meta ? probeLocks(input) : { kind: 'unprobed' };
  const started = performance.now();
  const sent = await run(session, meta ? meta.sql : probed.kind === 'probed' ? probed.sql : input);
  const ms = performance.now() - started;
  const { result, locks } =
    probed.kind === 'probed' ? withoutProbe(sent, probed.index) : { result: sent, locks: undefined };
  const where = result.ok ? '' : (result.error.where ?? '');
  const failedIn = [...where.matchAll(/PL\/pgSQL function (?:public\.)?"?([^"(\s]+)"?\(/g)].map(
    (match) => match[1] ?? '',
  );
  return {
    ...capResult(result, caps),
    ms,
    failedIn,
    sent: !meta,
    ...(meta ? { meta: { title: meta.title, sections: meta.sections } } : {}),
    ...(locks ? { locks } : {}),
    ...(probed.kind === 'unprobed' && probed.why ? { locksUnread: probed.why } : {}),
  };
}

/** The run as the learner's SQL alone made it: the probe's result taken out, its rows read. */
function withoutProbe(
  result: RunResult,
  index: number,
): { result: RunResult; locks?: { table: string; mode: string }[] } {
  const probe = result.statements[index];
  // A failure before the probe: its rows never came, and the transaction's locks are gone.
  if (probe?.columns.join() !== 'table,mode') return { result };
  const statements = result.statements.filter((_, at) => at !== index);
  const locks = probe.rows.map(([table, mode]) => ({ table: table ?? '', mode: mode ?? '' }));
  return { result: { ...result, statements }, locks };
}
