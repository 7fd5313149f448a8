import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type pg from 'pg';
import { describe, expect, test } from 'vitest';
import { previousStage } from '../../src/lesson/exportSql';
import { tables, triggers } from '../support/catalog';
import { classify, expectedTriggers, rebuildReadTables } from '../support/invariants';
import { applyLessons } from '../support/replayCourse';
import { course, upTo } from './support/courseAt';
import { writeLike } from './support/liveWriter';
import { hasPsql } from './support/psql';
import { postgresUrl, scratchDatabase } from './support/scratchDatabase';

const retryable = ['55P03', '40P01'];
const levels = ['read committed', 'repeatable read', 'serializable'];

/** Runs a script with psql as a reader would; the SQLSTATE of its error, or '' when it succeeded. */
function psql(url: string, file: string, level: string): Promise<string> {
  return new Promise((resolve) => {
    const env = {
      ...process.env,
      PGOPTIONS: `-c default_transaction_isolation=${level.replace(' ', '\\ ')}`,
    };
    const child = spawn(
      'psql',
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', 'VERBOSITY=verbose', '-d', url, '-f', file],
      { env },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child.on('close', (status) =>
      resolve(
        status === 0 ? '' : (/ERROR:\s+([0-9A-Z]{5}):/.exec(stderr)?.[1] ?? `psql ${status}: ${stderr}`),
      ),
    );
  });
}

/**
 * Writers of every write table the database has, at every isolation level, each inserting in a loop
 * what its code version would, until stopped. Serialization failures and deadlocks are what a
 * client retries; anything else is collected as a problem.
 */
async function startWriters(connect: () => Promise<pg.Client>, writeTables: string[]) {
  let running = true;
  const problems: string[] = [];
  let committed = 0;
  const loops = writeTables.flatMap((table) =>
    levels.map(async (level, index) => {
      const client = await connect();
      await client.query(`SET default_transaction_isolation = '${level}'`);
      for (let i = 0; running; i++) {
        // Each writer changes its own user's password (users 0, 1 and 2 exist): two changes to one user
        // may take their ids and their locks in opposite orders, the order-of-history race the course
        // shows apart, and then users_2 keeps the one with the lower id.
        const own = table.startsWith('password_changed_') ? { user_id: index } : {};
        const write = await writeLike(client, table, `w${index}-${i}`, own);
        try {
          await client.query(write);
          committed += 1;
        } catch (error) {
          const code = (error as { code?: string }).code ?? String(error);
          if (!['40001', '40P01'].includes(code)) problems.push(`${table} at ${level}: ${code}`);
        }
      }
    }),
  );
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return { problems, committed };
    },
  };
}

const migrating = course.lessons.filter((lesson) => lesson.migration);

describe.skipIf(!postgresUrl || !hasPsql)(
  "each stage's migration script on a live database, on a real server",
  () => {
    test('every stage after the first has a migration script in the build', () => {
      const stages = course.lessons.filter((lesson) => lesson.kind === 'stage').slice(1);
      expect(stages.filter((stage) => !existsSync(`dist/sql/${stage.slug}.migration.sql`))).toEqual([]);
    });

    describe.each(
      migrating.flatMap((lesson) => levels.map((level) => ({ slug: lesson.slug, lesson, level }))),
    )('$slug, run at $level', ({ lesson, level }) => {
      test('applied with psql to the previous stage while every write table is written at every isolation level, retried on 55P03 and 40P01, it succeeds and every read table equals a rebuild from history', async () => {
        const file = `dist/sql/${lesson.slug}.migration.sql`;
        expect(readFileSync(file, 'utf8')).toContain('lock_timeout');
        const db = await scratchDatabase();
        try {
          const from = previousStage(course, lesson);
          await applyLessons(db.session, from ? upTo(from.slug) : []);
          const { write } = classify(await tables(db.session), course.readModels);
          const writers = await startWriters(
            db.connect,
            write.map((table) => table.name),
          );
          await new Promise((resolve) => setTimeout(resolve, 200));
          const attempts: string[] = [];
          for (let attempt = 0; attempt < 20; attempt++) {
            const code = await psql(db.url, file, level);
            attempts.push(code || 'ok');
            if (!retryable.includes(code)) break;
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
          const { problems, committed } = await writers.stop();

          expect(attempts.at(-1)).toBe('ok');
          expect(problems).toEqual([]);
          expect(committed).toBeGreaterThan(0);
          const after = classify(await tables(db.session), course.readModels);
          expect(await triggers(db.session)).toEqual(expectedTriggers(after.write, after.read));
          const { live, rebuilt } = await rebuildReadTables(db.session, after.write, after.read);
          expect(live).toEqual(rebuilt);
        } finally {
          await db.close();
        }
      });
    });
  },
);
