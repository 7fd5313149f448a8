/**
 * psql's backslash commands are not SQL: PostgreSQL itself never sees them. The two that matter
 * most in this course, \dt and \d, are answered with catalog queries; the rest get a clear message.
 */
export type MetaTranslation = { sql: string } | { problem: string };

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

const listTables = `SELECT c.relname AS "table",
       (SELECT count(*) FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal) AS "triggers"
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
ORDER BY 1;`;

function describeTable(name: string): string {
  const table = literal(name);
  return `SELECT a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "type",
       CASE WHEN a.attnotnull THEN 'not null' ELSE '' END AS "nullable",
       coalesce(pg_get_expr(d.adbin, d.adrelid), '') AS "default"
FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = to_regclass(${table}) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;
SELECT conname AS "constraint", pg_get_constraintdef(oid) AS "definition"
FROM pg_constraint WHERE conrelid = to_regclass(${table}) ORDER BY 1;
SELECT tgname AS "trigger", pg_get_triggerdef(oid) AS "definition"
FROM pg_trigger WHERE tgrelid = to_regclass(${table}) AND NOT tgisinternal ORDER BY 1;`;
}

/** Returns null when the input is ordinary SQL. */
export function translateMetaCommand(input: string): MetaTranslation | null {
  const text = input.trim();
  if (!text.startsWith('\\')) return null;
  const [command = '', argument, ...rest] = text.split(/\s+/);
  if ((command === '\\dt' || command === '\\d') && !argument) return { sql: listTables };
  if (command === '\\d' && argument && rest.length === 0) {
    const name = argument.replace(/;$/, '');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      return { problem: `\\d expects a table name, not "${name}".` };
    const missing = literal(`Did not find any relation named "${name}".`);
    const check = `DO $$ BEGIN IF to_regclass(${literal(name)}) IS NULL THEN RAISE EXCEPTION ${missing.replaceAll('%', '%%')} USING ERRCODE = '42P01'; END IF; END $$;`;
    return { sql: `${check}\n${describeTable(name)}` };
  }
  return {
    problem:
      `${command} is a psql command, not SQL, and only \\d, \\d <table> and \\dt are understood here. ` +
      'The system catalogs answer the rest, e.g. SELECT * FROM information_schema.columns.',
  };
}
