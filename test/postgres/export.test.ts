import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCourse } from '../../src/lesson/loadCourse';
import type { Database } from '../support/replayCourse';
import { applyLessons } from '../support/replayCourse';
import { shape } from '../support/shape';
import { hasPsql } from './support/psql';
import { postgresUrl, scratchDatabase } from './support/scratchDatabase';

const course = loadCourse();
const stages = course.lessons.filter((lesson) => lesson.kind === 'stage');

describe.skipIf(!postgresUrl || !hasPsql).each(stages)(
  'dist/sql/$slug.sql on a real PostgreSQL server',
  (stage) => {
    const file = `dist/sql/${stage.slug}.sql`;
    let fromFile: Database & { url: string };
    let fromLessons: Database;

    beforeAll(async () => {
      fromFile = await scratchDatabase();
      fromLessons = await scratchDatabase();
      await applyLessons(
        fromLessons.session,
        course.lessons.filter((lesson) => lesson.order <= stage.order),
      );
    });
    afterAll(async () => {
      await fromFile?.close();
      await fromLessons?.close();
    });

    test('applies with psql -v ON_ERROR_STOP=1 to an empty database', () => {
      expect(existsSync(file)).toBe(true);
      const psql = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', fromFile.url, '-f', file], {
        encoding: 'utf8',
      });
      expect({ status: psql.status, errors: psql.stderr }).toEqual({ status: 0, errors: '' });
    });

    test("leaves the same tables, columns, triggers and row counts as the lessons' replay", async () => {
      expect(await shape(fromFile.session)).toEqual(await shape(fromLessons.session));
    });
  },
);
