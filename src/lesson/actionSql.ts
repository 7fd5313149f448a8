import type { VersionAction } from './types';

/** A value as an SQL string literal; `standard_conforming_strings` keeps backslashes as they are. */
export const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * The exact SQL a version's server sends for an action: each `:field` replaced by the learner's
 * value as a quoted literal, so what is shown is what runs, and no value can become SQL.
 */
export function actionSql(action: VersionAction, values: Record<string, string>): string {
  return action.sql.replace(/(?<!:):([a-z_][a-z0-9_]*)/g, (_, name: string) => literal(values[name] ?? ''));
}
