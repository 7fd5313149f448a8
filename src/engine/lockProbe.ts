import { splitStatements } from './splitStatements';

/** This session's locks on the course's tables, as pg_locks reports them. */
export const lockQuery = `SELECT c.relname AS "table", l.mode FROM pg_catalog.pg_locks l
  JOIN pg_catalog.pg_class c ON c.oid = l.relation
  WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted
    AND c.relkind IN ('r', 'p') AND c.relnamespace = pg_catalog.to_regnamespace('public')`;

/** Statements that must run outside a transaction block, or end one of their own: no probe can join them. */
const standalone =
  /^(VACUUM|CLUSTER|CALL|CHECKPOINT|CREATE\s+DATABASE|DROP\s+DATABASE|ALTER\s+SYSTEM|(CREATE\s+(UNIQUE\s+)?|DROP\s+|RE)INDEX\s+(\S+\s+)?CONCURRENTLY)\b/i;
const ends = /^(COMMIT|END|ROLLBACK|ABORT)\b/i;

/** Where the probe goes in a piece of SQL, or why it cannot go anywhere. */
export type Probed =
  | { kind: 'probed'; sql: string /** 0-based index of the probe among the statements. */; index: number }
  | { kind: 'unprobed'; why?: string };

/**
 * The learner's SQL with a read of this session's table locks added where its last transaction is
 * still open: just before a final COMMIT or ROLLBACK (the statements before it keep their places,
 * so PostgreSQL's error positions still point into the learner's text), or at the very end. It is
 * part of the same simple query, so it runs in the same transaction, implicit or explicit.
 */
export function probeLocks(sql: string): Probed {
  const statements = splitStatements(sql);
  const last = statements.at(-1);
  if (!last) return { kind: 'unprobed' };
  const lone = statements.find((statement) => standalone.test(statement.sql));
  if (lone) {
    return {
      kind: 'unprobed',
      why: `${lone.sql.split(/\s+/).slice(0, 3).join(' ')} cannot share its transaction`,
    };
  }
  if (ends.test(last.sql)) {
    return {
      kind: 'probed',
      sql: `${sql.slice(0, last.start)}${lockQuery};\n${sql.slice(last.start)}`,
      index: statements.length - 1,
    };
  }
  return { kind: 'probed', sql: `${sql}\n;${lockQuery}`, index: statements.length };
}
