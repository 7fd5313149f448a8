import { describe, expect, test } from 'vitest';
import type { Source } from '../src/client/EngineClient';
import { type Entry, savedJournal } from '../src/client/journal';
import { type KeptRuns, parseKeptRuns, runsFor, withoutRuns, withRuns } from '../src/lessonPage/keptRuns';

const step = (id: string, number: number): Source => ({ kind: 'step', lesson: '02-usernames', id, number });
const entry = (source: Source, sql: string, session = false): Entry => ({
  source,
  sql,
  matters: true,
  session,
});
const run = { state: 'ok' as const, sql: 'SELECT 1;', at: '2026-12-02T10:00:00.000Z' };

describe('the journal once the database is saved', () => {
  test('keeps only what changed the session, as the saved files hold every table', () => {
    const entries = [
      entry(step('a', 1), 'CREATE TABLE t (x int);'),
      entry({ kind: 'console' }, 'SET search_path = public, pg_temp;', true),
      entry(step('b', 2), 'INSERT INTO t VALUES (1);'),
    ];
    const { kept, saved } = savedJournal(entries, []);
    expect(kept.map((e) => e.sql)).toEqual(['SET search_path = public, pg_temp;']);
    expect(saved).toEqual([step('a', 1), { kind: 'console' }, step('b', 2)]);
  });

  test('names each saved run once, and never one a rollback undid', () => {
    const entries = [
      entry(step('a', 1), 'SELECT 1;'),
      entry(step('a', 1), 'SELECT 2;'),
      entry(step('b', 2), 'SET work_mem = 1024;', true),
    ];
    const { kept, saved } = savedJournal(entries, [step('b', 2)]);
    expect(saved).toEqual([step('a', 1)]);
    expect(kept).toEqual([]);
  });
});

describe('step states kept beside the database', () => {
  test('read back what was written', () => {
    const kept = withRuns(undefined, 'db-1', { a: run });
    expect(parseKeptRuns(JSON.stringify(kept))).toEqual(kept);
  });

  test('damaged or foreign records read as none', () => {
    for (const raw of [
      null,
      '',
      '{',
      '[]',
      '"text"',
      '{"id": 3, "steps": {}}',
      '{"id": "x"}',
      '{"id": "x", "steps": {"a": {"state": "maybe", "sql": "", "at": "2026-12-02"}}}',
      '{"id": "x", "steps": {"a": {"state": "ok", "sql": 1, "at": "2026-12-02"}}}',
      '{"id": "x", "steps": {"a": {"state": "ok", "sql": "", "at": "not a date"}}}',
    ])
      expect(parseKeptRuns(raw), String(raw)).toBeUndefined();
  });

  test('are shown only for the database they were written for', () => {
    const kept = withRuns(undefined, 'db-1', { a: run });
    expect(runsFor(kept, 'db-1')).toEqual({ a: run });
    expect(runsFor(kept, 'db-2')).toEqual({});
    expect(runsFor(undefined, 'db-1')).toEqual({});
  });

  test('a new database replaces the record of an older one instead of mixing them', () => {
    const old: KeptRuns = withRuns(undefined, 'db-1', { a: run, b: run });
    expect(withRuns(old, 'db-2', { c: run })).toEqual({ id: 'db-2', steps: { c: run } });
    expect(withRuns(old, 'db-1', { c: run }).steps).toEqual({ a: run, b: run, c: run });
  });

  test('steps a rollback undid are forgotten, the others stay', () => {
    const kept = withRuns(undefined, 'db-1', { a: run, b: run });
    expect(withoutRuns(kept, ['b'])).toEqual({ id: 'db-1', steps: { a: run } });
    expect(withoutRuns(undefined, ['b'])).toBeUndefined();
  });
});
