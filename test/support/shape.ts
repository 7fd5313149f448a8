import type { Session } from '../../src/engine/types';
import { rowsOf } from './catalog';

/** What a stage's database looks like: its columns, its triggers, and how many rows each table holds. */
export async function shape(session: Session) {
  const columns = await rowsOf(
    session,
    `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
     WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const triggers = await rowsOf(
    session,
    `SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`,
  );
  const tableNames = [...new Set(columns.map((row) => String(row[0])))];
  const counts = await rowsOf(
    session,
    tableNames.map((name) => `SELECT '${name}', count(*) FROM ${name}`).join(' UNION ALL ') ||
      'SELECT 1 WHERE false',
  );
  return { columns, triggers, counts };
}
