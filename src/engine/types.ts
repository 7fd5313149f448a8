import type { Row } from '../lesson/types';

/** One statement's outcome, as PostgreSQL reported it. */
export interface StatementResult {
  /** The command tag, e.g. "INSERT 0 1" or "CREATE TABLE". */
  command: string;
  /** Column names; empty for statements that return no rows. */
  columns: string[];
  rows: Row[];
  /** Values cut short for display (UTF-16 length of the whole value), by row and column. */
  longValues?: { row: number; column: number; length: number }[];
}

/** A NOTICE, WARNING or other message PostgreSQL sent while the SQL ran. */
export interface Notice {
  severity: string;
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  where?: string;
}

/** Every field PostgreSQL sends with an error, so that nothing is lost on its way to the learner. */
export interface DbError {
  /** SQLSTATE, e.g. "23505". */
  code: string;
  /** The SQLSTATE's condition name, e.g. "unique_violation". */
  name: string;
  severity: string;
  message: string;
  detail?: string;
  hint?: string;
  /** Call stack, e.g. the PL/pgSQL trigger function and line. */
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
  /** 1-based character offset of the error in the SQL that was sent. */
  position?: number;
}

/**
 * The session's transaction after the SQL: `open` when it began one (BEGIN) and left it open for
 * the next piece of SQL, as a migration split over several steps does.
 */
export type TransactionState = 'idle' | 'open';

/** What `run` reports for one piece of SQL. */
export type RunResult =
  | { ok: true; statements: StatementResult[]; notices: Notice[]; transaction: TransactionState }
  | {
      ok: false;
      transaction: TransactionState;
      error: DbError;
      /** Statements that completed before the error; they were rolled back with it. */
      statements: StatementResult[];
      notices: Notice[];
      /** An explicit transaction was open and aborted; `run` rolled it back. */
      rolledBack: boolean;
    };

/** What a connection reports for one simple query, before `run` tidies up. */
export interface Reply {
  statements: StatementResult[];
  notices: Notice[];
  error?: DbError;
  /** From ReadyForQuery: idle, in a transaction, or in a failed one that needs a ROLLBACK. */
  status: 'idle' | 'open' | 'failed';
}

/**
 * A connection to PostgreSQL that sends SQL as one simple query: several statements, one implicit
 * transaction, values as text. PGlite in Node, PGlite in a worker and a real server all fit.
 */
export interface Session {
  simpleQuery(sql: string): Promise<Reply>;
}
