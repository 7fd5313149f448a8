import { codeStart } from './codeStart';
import { run } from './run';
import { type CheckRun, runChecks } from './runChecks';
import { splitStatements } from './splitStatements';
import type { DbError, Session } from './types';

/**
 * What the checks can read about how the learner's SQL ran, beyond what it left: for every DDL
 * command, in order, its transaction, the session's `lock_timeout` and the locks it already held on
 * the course's tables. An event trigger records them into `cqrs_check.ddl` (outside `public`, so no
 * check of the learner's schema sees it), as the table's owner whatever role the learner's SQL sets.
 * `cqrs_check.script` holds the statements the script ran, in order (written once it has ended, so
 * that nothing runs inside the learner's transaction): what comes before the locks, and their order.
 * `cqrs_check.attempt(sql)` runs a statement in a subtransaction and says how it ended (`state`: ok
 * or the SQLSTATE, and the `table` and `constraint` the error names), so a check can ask which
 * table refused a write; `cqrs_check.replay_backfill(table)` runs the script's writes to a
 * table (`INSERT`, `UPDATE`, `MERGE`, a `DO` block naming it) again, so a check can ask what its backfill does with history that breaks a rule.
 */
export const ddlProbe = `
CREATE SCHEMA cqrs_check;
CREATE TABLE cqrs_check.ddl (
    n            serial PRIMARY KEY,
    command      text   NOT NULL,
    xid          xid8   NOT NULL,
    lock_timeout text   NOT NULL,
    locks        jsonb  NOT NULL
);
CREATE TABLE cqrs_check.script (
    n   integer PRIMARY KEY,
    sql text    NOT NULL,
    ok  boolean NOT NULL
);
CREATE FUNCTION cqrs_check.record_ddl() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO cqrs_check.ddl (command, xid, lock_timeout, locks)
  SELECT tg_tag, pg_current_xact_id(), current_setting('lock_timeout'),
         coalesce(jsonb_object_agg(c.relname, l.modes), '{}')
  FROM (SELECT relation, array_agg(mode::text ORDER BY mode) AS modes
        FROM pg_locks
        WHERE pid = pg_backend_pid() AND locktype = 'relation' AND granted
        GROUP BY relation) AS l
  JOIN pg_class c ON c.oid = l.relation AND c.relnamespace = pg_catalog.to_regnamespace('public');
END
$$;
-- Definer: the script may have left the session as another role.
CREATE FUNCTION cqrs_check.record_script(statements jsonb) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  INSERT INTO cqrs_check.script SELECT * FROM jsonb_to_recordset(statements) AS s (n integer, sql text, ok boolean)
$$;
CREATE FUNCTION cqrs_check.attempt(statement text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  state text;
  failed_table text;
  failed_constraint text;
BEGIN
  EXECUTE statement;
  RETURN jsonb_build_object('state', 'ok');
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, failed_table = TABLE_NAME,
                          failed_constraint = CONSTRAINT_NAME;
  RETURN jsonb_build_object('state', state, 'table', nullif(failed_table, ''),
                            'constraint', nullif(failed_constraint, ''));
END
$$;
-- Runs again, in order, every statement of the script that may have filled the table (an INSERT,
-- UPDATE or MERGE of it, a DO block that names it), and says how each ended: a check can ask what the
-- backfill does with history that breaks a rule.
CREATE FUNCTION cqrs_check.replay_backfill(target text) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
  states text[] := '{}';
  statement text;
BEGIN
  FOR statement IN
    SELECT sql FROM cqrs_check.script
    WHERE ok AND sql ~* ('^((WITH\\M.*)?\\m(INSERT\\s+INTO|UPDATE)|MERGE\\s+INTO)\\s+(public\\s*\\.\\s*)?"?' || target || '"?(\\s|\\(|$)'
                         || '|^DO\\M.*\\m' || target || '\\M')
    ORDER BY n
  LOOP
    states := states || (cqrs_check.attempt(statement) ->> 'state');
  END LOOP;
  RETURN states;
END
$$;
-- Checks may ask as an application's role.
GRANT USAGE ON SCHEMA cqrs_check TO PUBLIC;
-- Last: from here on, every DDL command is recorded.
CREATE EVENT TRIGGER cqrs_check_ddl ON ddl_command_start EXECUTE FUNCTION cqrs_check.record_ddl();
`;

/** How the learner's SQL ran, as psql runs a script. */
export interface ScriptRun {
  /** Statements that completed. */
  ran: number;
  total: number;
  /** The statement that failed (0-based), where it starts in the SQL, and PostgreSQL's error. */
  failed?: { index: number; start: number; sql: string; error: DbError };
  /** It left a transaction open: like psql at the end of a script, the transaction was rolled back. */
  leftOpen: boolean;
}

export interface ExerciseCheck {
  script: ScriptRun;
  checks: CheckRun;
}

/**
 * Checks a learner's SQL on a database at the exercise's start, one that may be thrown away:
 * the probe, then the exercise's own `setup` (data that exposes mistakes), then the learner's SQL
 * statement by statement as psql would run it as a script in production (so a missing BEGIN
 * means no transaction), stopping at the first error, then every check in its own rolled-back
 * savepoint.
 */
export async function checkExercise(
  session: Session,
  exercise: { sql: string; setup?: string; checks: { sql: string }[] },
): Promise<ExerciseCheck> {
  for (const [what, sql] of [
    ['the check probe', ddlProbe],
    ["the exercise's setup", exercise.setup ?? ''],
  ] as const) {
    if (!sql.trim()) continue;
    const prepared = await run(session, sql);
    if (!prepared.ok) throw new Error(`${what} failed: ${prepared.error.code} ${prepared.error.message}`);
  }
  const statements = splitStatements(exercise.sql);
  const script: ScriptRun = { ran: 0, total: statements.length, leftOpen: false };
  for (const [index, statement] of statements.entries()) {
    const result = await run(session, statement.sql);
    if (!result.ok) {
      script.failed = { index, start: statement.start, sql: statement.sql, error: result.error };
      break;
    }
    script.ran += 1;
  }
  const { status } = await session.simpleQuery('');
  if (status !== 'idle') {
    script.leftOpen = status === 'open';
    await session.simpleQuery('ROLLBACK');
  }
  await recordScript(session, statements.slice(0, script.ran + (script.failed ? 1 : 0)), script.ran);
  return { script, checks: await runChecks(session, exercise.checks) };
}

/**
 * Writes the statements that ran into `cqrs_check.script`, each from its first word (so a check's
 * `^LOCK` or `^INSERT` is not hidden by a comment before it), dollar-quoted with a tag none of them
 * holds: whatever the script set (`standard_conforming_strings`, `search_path`, a role), it is read as written.
 */
async function recordScript(session: Session, statements: { sql: string }[], ran: number): Promise<void> {
  const json = JSON.stringify(
    statements.map((statement, index) => ({ n: index + 1, sql: codeStart(statement.sql), ok: index < ran })),
  );
  let tag = '$script$';
  for (let i = 0; json.includes(tag); i++) tag = `$script${i}$`;
  // READ WRITE: the script may have made the session's transactions read-only by default.
  const recorded = await run(
    session,
    `BEGIN READ WRITE; SELECT cqrs_check.record_script(${tag}${json}${tag}::pg_catalog.jsonb); COMMIT;`,
  );
  if (!recorded.ok)
    throw new Error(`recording the script failed: ${recorded.error.code} ${recorded.error.message}`);
}
