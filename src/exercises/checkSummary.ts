import type { ScriptRun } from '../engine/checkExercise';
import { judge } from '../engine/judge';
import type { RunResult } from '../engine/types';
import type { Expectation } from '../lesson/types';

/** One check as the page shows it: its title, whether it passed, and PostgreSQL's words if it broke. */
export interface CheckOutcome {
  id: string;
  title: string;
  pass: boolean;
  /** The check's own SQL failed: PostgreSQL's message, and its SQLSTATE to follow it. */
  error?: { message: string; code: string };
}

/** Where the learner's SQL stopped, told by statement and line. */
export interface ScriptStop {
  /** 1-based: the learner's n-th statement. */
  statement: number;
  /** 1-based line in the editor where PostgreSQL points, or where the statement starts. */
  line: number;
  /** 1-based offset in the editor's text, for marking the error. */
  position: number;
  message: string;
  code: string;
}

export interface CheckSummary {
  passed: number;
  total: number;
  all: boolean;
  outcomes: CheckOutcome[];
  stopped?: ScriptStop;
  /** The SQL left its transaction open, so it was rolled back, as at the end of a psql script. */
  leftOpen: boolean;
}

/** What a check reply says about the learner's work, in the order the checks are listed. */
export function summarize(
  checks: { id: string; title: string; expect: Expectation }[],
  sql: string,
  script: ScriptRun,
  results: RunResult[],
): CheckSummary {
  const outcomes = checks.map((check, index): CheckOutcome => {
    const result = results[index];
    const pass = result ? judge(check.expect, result).pass : false;
    // A check that was meant to fail failed as it should; only an unexpected error is worth quoting.
    const broke = result && !result.ok && !pass;
    return {
      id: check.id,
      title: check.title,
      pass,
      ...(broke ? { error: { message: result.error.message, code: result.error.code } } : {}),
    };
  });
  const passed = outcomes.filter((outcome) => outcome.pass).length;
  const summary: CheckSummary = {
    passed,
    total: outcomes.length,
    all: passed === outcomes.length,
    outcomes,
    leftOpen: script.leftOpen,
  };
  if (script.failed) {
    const { index, start, error } = script.failed;
    const position = start + (error.position ?? 1);
    summary.stopped = {
      statement: index + 1,
      line: sql.slice(0, position - 1).split('\n').length,
      position,
      message: error.message,
      code: error.code,
    };
  }
  return summary;
}
