import { type Caps, capResult, defaultCaps } from './capResult';
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
}

const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** For a run that was never sent, or only read the catalog: nothing to observe. */
export const nothingObserved: Observation = { changes: [], fired: {}, counted: true, wrote: false };

/**
 * Runs what the learner typed: SQL, or one of the psql commands we understand. What it changed is
 * observed separately (`Observer.observe`), after the result has gone back to the page.
 */
export async function execute(session: Session, input: string, caps: Caps = defaultCaps): Promise<Outcome> {
  const meta = translateMetaCommand(input);
  const refused = (result: RunResult): Outcome => ({
    result,
    rowCounts: [],
    hiddenStatements: 0,
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
      `SELECT to_regclass(${quoteLiteral(`public."${meta.requires.replaceAll('"', '""')}"`)}) IS NOT NULL`,
    );
    if (found.ok && found.statements[0]?.rows[0]?.[0] !== 't') {
      return refused(await refuse(session, '42P01', `Did not find any relation named "${meta.requires}".`));
    }
  }
  const started = performance.now();
  const result = await run(session, meta ? meta.sql : input);
  const ms = performance.now() - started;
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
  };
}
