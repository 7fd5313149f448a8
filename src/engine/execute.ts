import { type Caps, capResult, defaultCaps } from './capResult';
import { translateMetaCommand } from './metaCommands';
import type { Observation, Observer } from './Observer';
import { refuse, run } from './run';
import type { RunResult, Session } from './types';
import { unsupportedInBrowser } from './wasmLimits';

/** What the learner sees for one run: the result (capped for display), timing and what it did. */
export interface Outcome extends Observation {
  result: RunResult;
  /** The true number of rows each statement returned, before capping. */
  rowCounts: number[];
  /** Statements left out of `result` because there were too many to show. */
  hiddenStatements: number;
  /** Milliseconds the SQL itself took, without observing what it changed. */
  ms: number;
  /**
   * PL/pgSQL functions the error came from, innermost first, as PostgreSQL's context names them:
   * a trigger that failed never counts as having run, so this is how the page knows it did.
   */
  failedIn: string[];
}

export interface ExecuteOptions {
  caps?: Caps;
  /** Reports what the run changed and which triggers fired; without one, nothing is observed. */
  observer?: Observer;
}

/** For SQL that was never sent. */
const nothingObserved = { changes: [], fired: {}, counted: true, wrote: false };

/** Runs what the learner typed: SQL, or one of the psql commands we understand. */
export async function execute(
  session: Session,
  input: string,
  options: ExecuteOptions = {},
): Promise<Outcome> {
  const meta = translateMetaCommand(input);
  const caps = options.caps ?? defaultCaps;
  if (meta && 'problem' in meta) {
    const result = await refuse(session, '42601', meta.problem);
    return { result, rowCounts: [], hiddenStatements: 0, ms: 0, failedIn: [], ...nothingObserved };
  }
  const unsupported = meta ? undefined : unsupportedInBrowser(input);
  if (unsupported) {
    const result = await refuse(session, '0A000', unsupported);
    return { result, rowCounts: [], hiddenStatements: 0, ms: 0, failedIn: [], ...nothingObserved };
  }
  const started = performance.now();
  const result = await run(session, meta ? meta.sql : input);
  const ms = performance.now() - started;
  const observed =
    options.observer && !meta
      ? await options.observer.observe(result.transaction)
      : { ...nothingObserved, wrote: true };
  const where = result.ok ? '' : (result.error.where ?? '');
  const failedIn = [...where.matchAll(/PL\/pgSQL function (?:public\.)?"?([^"(\s]+)"?\(/g)].map(
    (match) => match[1] ?? '',
  );
  return { ...capResult(result, caps), ms, failedIn, ...observed };
}
