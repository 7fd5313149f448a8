/**
 * psql's backslash commands are not SQL: PostgreSQL itself never sees them. The two that matter
 * most in this course, \dt and \d, are answered with catalog queries whose results the page shows
 * as psql does, in titled sections; the rest get a clear message.
 */
export type MetaTranslation =
  | {
      sql: string;
      /** What the page shows above the sections, e.g. `Table "public.users_2"`. */
      title: string;
      /** One name per statement of `sql`; an empty section is left out, as psql does. */
      sections: string[];
      /** A table that must exist first; otherwise psql's own "Did not find" message. */
      requires?: string;
    }
  | { problem: string };

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

const listTables = `SELECT c.relname AS "Name",
       CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view' ELSE 'other' END AS "Type",
       (SELECT count(*) FROM pg_catalog.pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal) AS "Triggers"
FROM pg_catalog.pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v')
ORDER BY 1;`;

/** The statements behind `\d table`, in psql's order: columns, indexes, foreign keys, referrers, triggers. */
function describeTable(name: string): string {
  const table = `to_regclass(${literal(`public."${name.replaceAll('"', '""')}"`)})`;
  return `SELECT a.attname AS "Column", pg_catalog.format_type(a.atttypid, a.atttypmod) AS "Type",
       CASE WHEN a.attnotnull THEN 'not null' ELSE '' END AS "Nullable",
       coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '') AS "Default"
FROM pg_catalog.pg_attribute a
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = ${table} AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;
SELECT '"' || i.relname || '" ' ||
       CASE WHEN x.indisprimary THEN 'PRIMARY KEY, '
            WHEN k.contype = 'u' THEN 'UNIQUE CONSTRAINT, '
            WHEN x.indisunique THEN 'UNIQUE, ' ELSE '' END ||
       substring(pg_catalog.pg_get_indexdef(x.indexrelid) FROM ' USING (.*)$') AS "Indexes"
FROM pg_catalog.pg_index x
JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
LEFT JOIN pg_catalog.pg_constraint k ON k.conindid = x.indexrelid AND k.conrelid = x.indrelid
WHERE x.indrelid = ${table}
ORDER BY x.indisprimary DESC, i.relname;
SELECT '"' || conname || '" ' || pg_catalog.pg_get_constraintdef(oid) AS "Foreign-key constraints"
FROM pg_catalog.pg_constraint WHERE conrelid = ${table} AND contype = 'f' ORDER BY conname;
SELECT 'TABLE "' || conrelid::regclass::text || '" CONSTRAINT "' || conname || '" ' ||
       pg_catalog.pg_get_constraintdef(oid) AS "Referenced by"
FROM pg_catalog.pg_constraint WHERE confrelid = ${table} AND contype = 'f' ORDER BY 1;
SELECT '"' || tgname || '" ' || substring(pg_catalog.pg_get_triggerdef(oid) FROM ' ((?:BEFORE|AFTER|INSTEAD OF) .*)$') AS "Triggers"
FROM pg_catalog.pg_trigger WHERE tgrelid = ${table} AND NOT tgisinternal ORDER BY tgname;`;
}

/** Returns null when the input is ordinary SQL. */
export function translateMetaCommand(input: string): MetaTranslation | null {
  const text = input.trim();
  if (!text.startsWith('\\')) return null;
  const [command = '', argument, ...rest] = text.split(/\s+/);
  if ((command === '\\dt' || command === '\\d') && !argument) {
    return { sql: listTables, title: 'List of relations', sections: ['Relations'] };
  }
  if (command === '\\d' && argument && rest.length === 0) {
    const name = argument.replace(/;$/, '').replace(/^"(.*)"$/, '$1');
    if (/\s/.test(name) || name.includes(String.fromCharCode(0)))
      return { problem: `\\d expects a table name, not "${name}".` };
    return {
      sql: describeTable(name),
      title: `Table "public.${name}"`,
      sections: ['Columns', 'Indexes', 'Foreign-key constraints', 'Referenced by', 'Triggers'],
      requires: name,
    };
  }
  return {
    problem:
      `${command} is a psql command, not SQL, and only \\d, \\d <table> and \\dt are understood here. ` +
      'The system catalogs answer the rest, e.g. SELECT * FROM information_schema.columns.',
  };
}
