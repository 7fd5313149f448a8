import { run } from '../../src/engine/run';
import type { Session } from '../../src/engine/types';

/** Runs SQL that must succeed and returns the rows of its last statement. */
export async function rowsOf(session: Session, sql: string): Promise<(string | null)[][]> {
  const result = await run(session, sql);
  if (!result.ok) throw new Error(`${result.error.code} ${result.error.message}\nin: ${sql}`);
  return result.statements.at(-1)?.rows ?? [];
}

/** Every user-defined trigger in the public schema, as [table, trigger] pairs, sorted. */
export async function triggers(session: Session): Promise<string[][]> {
  const rows = await rowsOf(
    session,
    `SELECT c.relname, t.tgname
     FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE NOT t.tgisinternal AND n.nspname = 'public'
     ORDER BY 1, 2`,
  );
  return rows.map((row) => row.map(String));
}

/** Every ordinary table in the public schema, sorted by name. */
export async function tables(session: Session): Promise<string[]> {
  const rows = await rowsOf(
    session,
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
  );
  return rows.map((row) => String(row[0]));
}
