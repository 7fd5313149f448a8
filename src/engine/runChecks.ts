import type { Row } from '../lesson/types';
import { resultOf } from './run';
import type { RunResult, Session, TransactionState } from './types';

/** The checks' answers, or why they were not run. */
export type CheckRun =
  | { ran: true; results: RunResult[]; transaction: TransactionState }
  | { ran: false; reason: string };

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Runs an exercise's checks against the learner's database without changing it: inside a
 * transaction (or, if the learner has one open, a savepoint) that is rolled back, each check under a
 * savepoint of its own so one failing does not stop the others, and every sequence put back where it
 * was (sequences ignore rollbacks, and a check that inserts would otherwise use up ids).
 */
export async function runChecks(session: Session, checks: { sql: string }[]): Promise<CheckRun> {
  const { status } = await session.simpleQuery('');
  // Every check would fail with 25P02 and say nothing about the learner's work.
  if (status === 'failed') {
    return { ran: false, reason: 'your open transaction has failed: roll it back first, then check.' };
  }
  const open = status === 'open';
  const sequences = await positions(session);
  await session.simpleQuery(open ? 'SAVEPOINT cqrs_checks' : 'BEGIN');
  const results: RunResult[] = [];
  try {
    for (const check of checks) {
      await session.simpleQuery('SAVEPOINT cqrs_check');
      results.push(resultOf(await session.simpleQuery(check.sql)));
      await session.simpleQuery('ROLLBACK TO SAVEPOINT cqrs_check');
    }
  } finally {
    await session.simpleQuery(
      open ? 'ROLLBACK TO SAVEPOINT cqrs_checks; RELEASE SAVEPOINT cqrs_checks' : 'ROLLBACK',
    );
    const now = await positions(session);
    const moved = sequences.filter(([name, value, called]) => {
      const after = now.find((row) => row[0] === name);
      return after && (after[1] !== value || after[2] !== called);
    });
    if (moved.length > 0) {
      await session.simpleQuery(
        moved
          .map(
            ([name, value, called]) =>
              `SELECT pg_catalog.setval('${`public.${quoteIdent(name ?? '')}`.replaceAll("'", "''")}', ${value}, ${called === 'true'});`,
          )
          .join('\n'),
      );
    }
  }
  return { ran: true, results, transaction: open ? 'open' : 'idle' };
}

/** Every public sequence's position: name, last value, whether that value was handed out. */
async function positions(session: Session): Promise<Row[]> {
  const listed = await session.simpleQuery(
    `SELECT relname FROM pg_catalog.pg_class WHERE relkind = 'S' AND relnamespace = pg_catalog.to_regnamespace('public') ORDER BY 1`,
  );
  const names = (listed.statements[0]?.rows ?? []).map(([name]) => name ?? '');
  if (names.length === 0) return [];
  const reply = await session.simpleQuery(
    names
      .map(
        (name) =>
          `SELECT ${`'${name.replaceAll("'", "''")}'`}, last_value::text, is_called::text FROM public.${quoteIdent(name)};`,
      )
      .join('\n'),
  );
  return reply.statements.map((statement) => statement.rows[0] ?? []);
}
