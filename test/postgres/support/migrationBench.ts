import pg from 'pg';
import { pgSession } from '../../../src/engine/pgSession';
import { splitStatements } from '../../../src/engine/splitStatements';
import { applyLessons } from '../../support/replayCourse';
import { course, upTo } from './courseAt';

/** One measurement, as `npm run bench:migrations -- --json FILE` writes it. */
export interface BenchResult {
  variant: 'locked' | 'online';
  historyRows: number;
  isolation: string;
  maxWaitMs: number;
  p99WaitMs: number;
  writesPerSecond: number;
  migrationMs: number;
  lost: number;
  duplicated: number;
}

export const isolationLevels = ['read committed', 'repeatable read', 'serializable'] as const;

const demo = course.lessons.find((lesson) => lesson.scaleDemo)?.scaleDemo;
if (!demo) throw new Error('the course has no scale demo: nothing says which migrations to compare');

/** The SQL of each variant, as the lesson's scale demo names it: the same the page measures. */
export function migrationOf(variant: 'locked' | 'online'): string[] {
  return variant === 'locked' ? [demo?.locked.sql ?? ''] : (demo?.online.steps ?? []).map((step) => step.sql);
}

const connect = async (url: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
};
const databaseUrl = (url: string, name: string) => {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
};

/**
 * A template database at the messages lesson's end with `users` more users, added by the scale
 * demo's fill SQL: in history and in users_2 alike.
 */
export async function prepareTemplate(serverUrl: string, users: number): Promise<string> {
  const name = `bench_${users}`;
  const admin = await connect(serverUrl);
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const client = await connect(databaseUrl(serverUrl, name));
  try {
    await applyLessons(pgSession(client), upTo('messages'));
    // The history the page's demo makes, in one transaction.
    await client.query(
      `BEGIN;\n${demo?.fill.replaceAll(':from', '1').replaceAll(':to', String(users))}\nCOMMIT;`,
    );
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
  return name;
}

/** Runs a script as psql would, statement by statement; the SQLSTATE it stopped at, or ''. */
async function runScript(client: pg.Client, sql: string): Promise<string> {
  for (const statement of splitStatements(sql)) {
    try {
      await client.query(statement.sql);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      return (error as { code?: string }).code ?? 'XX000';
    }
  }
  return '';
}

const retryable = ['55P03', '40P01'];

/**
 * Writers of every live version (v0 registering through user_registered_0, v2 through
 * user_registered_1, v2 changing passwords) at `isolation`, each write timed from its first try to
 * its success (serialization failures and deadlocks retried, as an application would).
 */
function startWriters(url: string, isolation: string, users: number) {
  let running = true;
  const writes: { start: number; ms: number }[] = [];
  const problems: string[] = [];
  const writers: ((i: number) => { text: string; values: unknown[] })[] = [
    (i) => ({
      text: 'INSERT INTO user_registered_0 (email, password_hash) VALUES ($1, $2)',
      values: [`w0-${i}-${Math.random()}@example.com`, 'h'],
    }),
    (i) => ({
      text: 'INSERT INTO user_registered_1 (email, password_hash, username) VALUES ($1, $2, $3)',
      values: [`w1-${i}-${Math.random()}@example.com`, 'h', `w1-${i}-${Math.random()}`],
    }),
    (i) => ({
      text: 'INSERT INTO password_changed_2 (user_id, password_hash) VALUES ($1, $2)',
      values: [1 + Math.floor(Math.random() * users), `changed-${i}`],
    }),
  ];
  const loops = writers.map(async (write) => {
    const client = await connect(url);
    await client.query(`SET default_transaction_isolation = '${isolation}'`);
    for (let i = 0; running; i++) {
      const { text, values } = write(i);
      const start = performance.now();
      for (let attempt = 0; ; attempt++) {
        try {
          await client.query(text, values);
          break;
        } catch (error) {
          const code = (error as { code?: string }).code ?? '';
          // 23503: a password change drew an id that was never a user (ids have gaps).
          if (code === '23503') break;
          if (!['40001', '40P01'].includes(code) || attempt > 50) {
            problems.push(`${code} ${(error as Error).message}`);
            break;
          }
        }
      }
      writes.push({ start, ms: performance.now() - start });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await client.end();
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return { writes, problems };
    },
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

/** users_4 against a rebuild from history: rows missing from it (lost) and rows it should not have. */
async function parity(client: pg.Client) {
  const { rows } = await client.query<{ lost: number; duplicated: number }>(`
    WITH rebuilt AS (
      SELECT r.id, r.email, coalesce(p.password_hash, r.password_hash) AS password_hash, r.username
      FROM (SELECT id, email, password_hash, NULL AS username FROM user_registered_0
            UNION ALL SELECT id, email, password_hash, username FROM user_registered_1) r
      LEFT JOIN (SELECT DISTINCT ON (user_id) user_id, password_hash FROM password_changed_2
                 ORDER BY user_id, id DESC) p ON p.user_id = r.id)
    SELECT (SELECT count(*) FROM (SELECT * FROM rebuilt EXCEPT ALL SELECT id, email, password_hash, username FROM users_4) x)::int AS lost,
           (SELECT count(*) FROM (SELECT id, email, password_hash, username FROM users_4 EXCEPT ALL SELECT * FROM rebuilt) x)::int AS duplicated`);
  return rows[0] ?? { lost: -1, duplicated: -1 };
}

/**
 * One run: a copy of the template, writers started, the migration run (retried from the start,
 * locked, or step by step, online, when it meets 55P03 or 40P01), writers stopped, and users_4
 * compared with history.
 */
export async function benchOnce(
  serverUrl: string,
  template: string,
  run: { variant: 'locked' | 'online'; users: number; isolation: string },
): Promise<BenchResult & { problems: string[] }> {
  const name = `${template}_run`;
  const admin = await connect(serverUrl);
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = databaseUrl(serverUrl, name);
  const migrator = await connect(url);
  try {
    const writers = startWriters(url, run.isolation, run.users);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    for (const sql of migrationOf(run.variant)) {
      for (let attempt = 0; ; attempt++) {
        const code = await runScript(migrator, sql);
        if (!code) break;
        if (!retryable.includes(code) || attempt > 50)
          throw new Error(`the ${run.variant} migration failed: ${code}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const ended = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { writes, problems } = await writers.stop();
    const during = writes.filter((write) => write.start + write.ms >= started && write.start <= ended);
    const waits = during.map((write) => write.ms);
    const { lost, duplicated } = await parity(migrator);
    return {
      variant: run.variant,
      historyRows: run.users,
      isolation: run.isolation,
      maxWaitMs: Math.max(0, ...waits),
      p99WaitMs: percentile(waits, 99),
      writesPerSecond: during.length / ((ended - started) / 1000),
      migrationMs: ended - started,
      lost,
      duplicated,
      problems,
    };
  } finally {
    await migrator.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}
