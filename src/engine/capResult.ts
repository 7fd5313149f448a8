import type { RunResult, StatementResult } from './types';

/** How much of a result is sent to the page: enough to read, never enough to freeze it. */
export interface Caps {
  /** Rows kept per statement. */
  rows: number;
  /** Statements kept; the rest are counted. */
  statements: number;
  /** Notices kept, the first ones; the rest are counted. A loop of RAISE NOTICE sends thousands. */
  notices: number;
  /** Characters kept of any one value. */
  valueChars: number;
  /** Characters kept across all values of the result. */
  totalChars: number;
}

export const defaultCaps: Caps = {
  rows: 500,
  statements: 50,
  notices: 100,
  valueChars: 10_000,
  totalChars: 2_000_000,
};

/**
 * Cuts a result down to `caps`, recording what was cut: the true row count of each statement, how
 * many statements and notices were left out, and the full length of every value that was shortened.
 * Values are only ever sliced, never walked whole.
 */
export function capResult(
  result: RunResult,
  caps: Caps,
): { result: RunResult; rowCounts: number[]; hiddenStatements: number; hiddenNotices: number } {
  const rowCounts = result.statements.map((statement) => statement.rows.length);
  let budget = caps.totalChars;
  const statements = result.statements.slice(0, caps.statements).map((statement): StatementResult => {
    const longValues: NonNullable<StatementResult['longValues']> = [];
    const rows = [];
    for (const [rowIndex, row] of statement.rows.slice(0, caps.rows).entries()) {
      if (budget <= 0) break;
      rows.push(
        row.map((value, column) => {
          if (value === null) return value;
          const keep = Math.max(0, Math.min(caps.valueChars, budget));
          budget -= Math.min(value.length, keep);
          if (value.length <= keep) return value;
          longValues.push({ row: rowIndex, column, length: value.length });
          // Never end on half of a surrogate pair: an emoji is kept whole or left out.
          const high = value.charCodeAt(keep - 1);
          return value.slice(0, high >= 0xd800 && high < 0xdc00 ? keep - 1 : keep);
        }),
      );
    }
    const capped: StatementResult = { ...statement, rows };
    if (longValues.length > 0) capped.longValues = longValues;
    return capped;
  });
  const notices = result.notices.slice(0, caps.notices);
  return {
    result: { ...result, statements, notices },
    rowCounts,
    hiddenStatements: result.statements.length - statements.length,
    hiddenNotices: result.notices.length - notices.length,
  };
}
