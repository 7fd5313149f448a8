import type { Session } from '../../src/engine/types';
import { rowsOf } from './catalog';

/**
 * What a stage's database holds: its columns, its triggers, and every table's rows without their
 * `id`. The ids are left out because an exported script skips the failing steps that used some up.
 */
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
  const union = tableNames
    .map((name) => `SELECT '${name}' AS table_name, (to_jsonb(t) - 'id')::text AS row FROM ${name} t`)
    .join(' UNION ALL ');
  const rows = union ? await rowsOf(session, `${union} ORDER BY 1, 2`) : [];
  return { columns, triggers, rows };
}
