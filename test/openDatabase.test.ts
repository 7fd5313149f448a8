import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, inject, test } from 'vitest';
import { openDatabase } from '../src/engine/openDatabase';
import { run } from '../src/engine/run';
import { loadCourse } from '../src/lesson/loadCourse';

const course = loadCourse();
const minimal = course.lessons.find((lesson) => lesson.slug === 'minimal-schema');
const setup = minimal?.steps.map((step) => step.sql) ?? [];
const blank = () => new Blob([readFileSync(inject('baseDataDir'))]);

describe('openDatabase', () => {
  test('without a snapshot, creates a database, replays the setup, then the journal, and reports what replayed differently', async () => {
    const phases: string[] = [];
    const opened = await openDatabase((options) => PGlite.create(options), {
      snapshot: async () => undefined,
      setup,
      replay: [
        { sql: "INSERT INTO user_registered_0 (email, password_hash) VALUES ('j@example.com', 'h')" },
        // It failed the first time; now it succeeds, and that is said.
        { sql: 'SELECT 1', error: '42P01' },
      ],
      progress: (phase) => phases.push(phase),
    });
    try {
      expect(opened.fromSnapshot).toBe(false);
      expect(new Set(phases)).toEqual(new Set(['start', 'setup', 'replay']));
      expect(opened.replayProblems).toEqual([
        { index: 1, message: 'It failed with 42P01 the first time; this time it succeeded.' },
      ]);
      expect(await run(opened.session, 'SELECT email FROM users_0 ORDER BY id')).toMatchObject({
        statements: [{ rows: [['foo@example.com'], ['j@example.com']] }],
      });
      const catalog = await opened.observer.baseline();
      expect(catalog.tables.map((table) => table.name)).toEqual(['user_registered_0', 'users_0']);
    } finally {
      await opened.db.close();
    }
  });

  test('from a snapshot, skips the setup and starts with the server settings that keep the engine safe', async () => {
    const opened = await openDatabase((options) => PGlite.create(options), {
      snapshot: async () => blank(),
      setup: ['SELECT no_such_function()'],
      replay: [],
      progress: () => undefined,
    });
    try {
      expect(opened.fromSnapshot).toBe(true);
      expect(await run(opened.session, "SELECT current_setting('max_stack_depth') AS d")).toMatchObject({
        statements: [{ rows: [['100kB']] }],
      });
    } finally {
      await opened.db.close();
    }
  });
});
