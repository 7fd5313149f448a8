import { describe, expect, test } from 'vitest';
import type { Source } from '../src/client/EngineClient';
import { type Entry, savedJournal, sessionPart } from '../src/client/journal';
import { type KeptRuns, parseKeptRuns, runsFor, withoutRuns, withRuns } from '../src/lessonPage/keptRuns';

const step = (id: string, number: number): Source => ({ kind: 'step', lesson: '02-usernames', id, number });
const entry = (source: Source, sql: string, error?: string): Entry => ({
  source,
  sql,
  matters: true,
  session: error ? sessionPart(sql, 0) : sessionPart(sql),
  ...(error ? { error } : {}),
});
const run = { state: 'ok' as const, sql: 'SELECT 1;', at: '2026-12-02T10:00:00.000Z' };

describe('the journal once the database is saved', () => {
  test('keeps only what changed the session, as the saved files hold every table', () => {
    const entries = [
      entry(step('a', 1), 'CREATE TABLE t (x int);'),
      entry({ kind: 'console' }, 'SET search_path = public, pg_temp;'),
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
      entry(step('b', 2), 'SET work_mem = 1024;'),
    ];
    const { kept, saved } = savedJournal(entries, [step('b', 2)]);
    expect(saved).toEqual([step('a', 1)]);
    expect(kept).toEqual([]);
  });
});

describe('what of a run is replayed after a save: only what the session holds', () => {
  test('a step that sets lock_timeout for its transaction and locks a table replays nothing once saved', () => {
    const migration =
      "BEGIN;\n-- give up rather than queue\nSET LOCAL lock_timeout = '500ms';\nLOCK TABLE user_registered_0 IN SHARE ROW EXCLUSIVE MODE;";
    expect(sessionPart(migration)).toBe('');
    const { kept } = savedJournal(
      [entry(step('begin', 1), migration), entry(step('commit', 2), 'COMMIT;')],
      [],
    );
    expect(kept).toEqual([]);
  });

  test('a run that sets search_path and inserts a row replays the SET alone, so the row is not inserted twice', () => {
    const { kept } = savedJournal(
      [entry({ kind: 'console' }, 'SET search_path = public, pg_temp; INSERT INTO t VALUES (1);')],
      [],
    );
    expect(kept.map((e) => e.sql)).toEqual(['SET search_path = public, pg_temp;']);
  });

  test('transaction-scoped settings are left out; session settings, PREPARE, LISTEN and held cursors are kept', () => {
    expect(sessionPart('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE; SET CONSTRAINTS ALL DEFERRED;')).toBe(
      '',
    );
    expect(sessionPart('set local work_mem = 1024')).toBe('');
    expect(sessionPart('DECLARE c CURSOR FOR SELECT 1;')).toBe('');
    expect(sessionPart("SELECT 'SET work_mem = 1';")).toBe('');
    expect(
      sessionPart(
        '/* isolation */ SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE;\n' +
          'PREPARE p AS SELECT 1; EXECUTE p; LISTEN news; RESET work_mem;\n' +
          'DECLARE c CURSOR WITH HOLD FOR SELECT 1; SET ROLE app;',
      ),
    ).toBe(
      'SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE;\n' +
        'PREPARE p AS SELECT 1;\nLISTEN news;\nRESET work_mem;\nDECLARE c CURSOR WITH HOLD FOR SELECT 1;\nSET ROLE app;',
    );
  });

  test('a run that failed keeps only what its rollback could not undo: the statements it prepared before the failure', () => {
    const failed = 'SET work_mem = 1024; PREPARE p AS SELECT 1; SELECT 1/0; PREPARE q AS SELECT 2;';
    expect(sessionPart(failed, 2)).toBe('PREPARE p AS SELECT 1;');
    expect(sessionPart('SET work_mem = 1024; SELECT 1/0;', 1)).toBe('');
    const { kept } = savedJournal(
      [entry({ kind: 'console' }, 'SET work_mem = 1024; SELECT 1/0;', '22012')],
      [],
    );
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
