import { describe, expect, test } from 'vitest';
import type { ScriptRun } from '../src/engine/checkExercise';
import type { RunResult } from '../src/engine/types';
import { summarize } from '../src/exercises/checkSummary';
import type { Expectation } from '../src/lesson/types';

const ok: RunResult = {
  ok: true,
  statements: [{ command: 'SELECT 1', columns: ['x'], rows: [['1']] }],
  notices: [],
  transaction: 'idle',
};
const failed = (code: string, message: string): RunResult => ({
  ok: false,
  error: { code, name: '', severity: 'ERROR', message },
  statements: [],
  notices: [],
  rolledBack: false,
  transaction: 'idle',
});
const checks: { id: string; title: string; expect: Expectation }[] = [
  { id: 'rows', title: 'Returns x', expect: { kind: 'rows', columns: ['x'], rows: [['1']] } },
  { id: 'refused', title: 'Refused', expect: { kind: 'error', code: '2F002', name: '' } },
  { id: 'exists', title: 'Table exists', expect: { kind: 'ok' } },
];
const clean: ScriptRun = { ran: 2, total: 2, leftOpen: false };

describe('what a check says about the learner’s work', () => {
  test('counts the checks that pass, and quotes PostgreSQL only for a check that broke unexpectedly', () => {
    const summary = summarize(checks, 'SELECT 1;', clean, [
      ok,
      failed('2F002', 'append-only'),
      failed('42P01', 'relation "t" does not exist'),
    ]);
    expect(summary).toMatchObject({ passed: 2, total: 3, all: false, leftOpen: false });
    expect(summary.outcomes.map((outcome) => [outcome.id, outcome.pass, outcome.error?.code])).toEqual([
      ['rows', true, undefined],
      ['refused', true, undefined],
      ['exists', false, '42P01'],
    ]);
    expect(summary.stopped).toBeUndefined();
  });

  test('says at which statement and line the learner’s SQL stopped, where PostgreSQL points', () => {
    const sql = 'BEGIN;\nCREATE TABLE t (x int);\nSELECT nope FROM t;\nCOMMIT;';
    const start = sql.indexOf('SELECT');
    const script: ScriptRun = {
      ran: 2,
      total: 4,
      leftOpen: false,
      failed: {
        index: 2,
        start,
        sql: 'SELECT nope FROM t;',
        error: {
          code: '42703',
          name: 'undefined_column',
          severity: 'ERROR',
          message: 'column "nope" does not exist',
          position: 8,
        },
      },
    };
    const summary = summarize(checks, sql, script, [ok, ok, ok]);
    expect(summary.stopped).toEqual({
      statement: 3,
      line: 3,
      position: start + 8,
      message: 'column "nope" does not exist',
      code: '42703',
    });
    expect(sql.slice((summary.stopped?.position ?? 0) - 1).startsWith('nope')).toBe(true);
  });

  test('reports a transaction the SQL left open', () => {
    expect(summarize(checks, 'BEGIN;', { ran: 1, total: 1, leftOpen: true }, []).leftOpen).toBe(true);
  });
});
