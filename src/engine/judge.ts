import type { Expectation } from '../lesson/types';
import type { RunResult, StatementResult } from './types';

export interface Verdict {
  pass: boolean;
  /** One sentence for the learner, e.g. "Failed as expected: 23505 unique_violation". */
  message: string;
}

/** The statement a `rows` expectation is about: the last one that returned rows. */
export function lastRowResult(statements: StatementResult[]): StatementResult | undefined {
  return statements.findLast((statement) => statement.columns.length > 0);
}

/** Compares what happened with what the lesson says should happen. */
export function judge(expect: Expectation, result: RunResult): Verdict {
  if (expect.kind === 'error') {
    const wanted = `${expect.code} ${expect.name}${expect.constraint ? ` on ${expect.constraint}` : ''}`;
    if (result.ok) return { pass: false, message: `Succeeded, but it was meant to fail with ${wanted}.` };
    const { code, name, constraint } = result.error;
    const got = `${code} ${name}${constraint ? ` on ${constraint}` : ''}`;
    const pass = code === expect.code && (!expect.constraint || expect.constraint === constraint);
    return pass
      ? { pass, message: `Failed as expected: ${got}.` }
      : { pass, message: `Failed with ${got}, but it was meant to fail with ${wanted}.` };
  }
  if (!result.ok) {
    // PostgreSQL's message itself is shown once, in the error box beside the verdict.
    const { code, name } = result.error;
    return { pass: false, message: `Failed unexpectedly with ${code} ${name}.` };
  }
  if (expect.kind === 'ok') return { pass: true, message: 'Succeeded.' };

  const actual = lastRowResult(result.statements);
  if (!actual) return { pass: false, message: 'Succeeded, but returned no rows where rows were expected.' };
  const same =
    JSON.stringify([actual.columns, actual.rows]) === JSON.stringify([expect.columns, expect.rows]) ||
    (expect.rows.length === 0 && actual.rows.length === 0);
  const count = `${actual.rows.length} row${actual.rows.length === 1 ? '' : 's'}`;
  return same
    ? { pass: true, message: `Returned the expected ${count}.` }
    : { pass: false, message: `Returned ${count} that differ from the ${expect.rows.length} expected.` };
}
