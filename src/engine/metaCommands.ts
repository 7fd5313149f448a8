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
      /**
       * A table that must exist first, quoted for to_regclass; otherwise psql's own "Did not find"
       * message, naming it as the learner typed it.
       */
      requires?: { relation: string; typed: string };
    }
  | { problem: string };

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

const listTables = `SELECT c.relname AS "Name",
       CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view' ELSE 'other' END AS "Type",
       (SELECT count(*) FROM pg_catalog.pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal) AS "Triggers"
FROM pg_catalog.pg_class c
WHERE c.relnamespace = pg_catalog.to_regnamespace('public') AND c.relkind IN ('r', 'p', 'v')
ORDER BY 1;`;

/** The statements behind `\d table`, in psql's order: columns, indexes, foreign keys, referrers, triggers. */
function describeTable(relation: string): string {
  const table = `to_regclass(${literal(relation)})`;
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
  const command = text.split(/\s/, 1)[0] ?? '';
  if (command !== '\\d' && command !== '\\dt') {
    return {
      problem:
        `${command} is a psql command, not SQL, and only \\d, \\d <table> and \\dt are understood here. ` +
        'The system catalogs answer the rest, e.g. SELECT * FROM information_schema.columns.',
    };
  }
  const words = splitArguments(text.slice(command.length));
  if ('problem' in words) return words;
  const [argument, ...rest] = words.words;
  if (!argument) return { sql: listTables, title: 'List of relations', sections: ['Relations'] };
  if (command === '\\dt') {
    return { problem: '\\dt lists every table here, without a pattern; \\d <table> describes one.' };
  }
  if (rest.length > 0)
    return { problem: `\\d here describes one table at a time, not ${words.words.length}.` };
  const typed = argument.replace(/;$/, '');
  const name = parseRelationName(typed);
  if ('problem' in name) return name;
  const schema = name.schema ?? 'public';
  const relation = `${quoteIdentifier(schema)}.${quoteIdentifier(name.table)}`;
  return {
    sql: describeTable(relation),
    title: `Table "${schema}.${name.table}"`,
    sections: ['Columns', 'Indexes', 'Foreign-key constraints', 'Referenced by', 'Triggers'],
    requires: { relation, typed },
  };
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A psql command's arguments: separated by blanks, except inside double quotes, which stay. */
export function splitArguments(text: string): { words: string[] } | { problem: string } {
  const words: string[] = [];
  let word = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (!quoted && /\s/.test(char)) {
      if (word) words.push(word);
      word = '';
    } else word += char;
  }
  if (quoted) return { problem: `unterminated quoted string: ${text.trim()}` };
  if (word) words.push(word);
  return { words };
}

/**
 * A table's name as psql reads it: an optional schema and a dot, unquoted letters folded to lower
 * case, double-quoted parts kept as written with "" standing for one quote, and the two mixed
 * within one name (`My"Table"` names myTable).
 */
export function parseRelationName(text: string): { schema?: string; table: string } | { problem: string } {
  const parts: { name: string; quoted: boolean }[] = [{ name: '', quoted: false }];
  let quoted = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at] ?? '';
    const part = parts.at(-1) ?? { name: '', quoted: false };
    if (char === '"') {
      if (quoted && text[at + 1] === '"') {
        part.name += '"';
        at++;
      } else {
        quoted = !quoted;
        part.quoted = true;
      }
    } else if (char === '.' && !quoted) parts.push({ name: '', quoted: false });
    // PostgreSQL folds only ASCII letters of unquoted names (downcase_identifier).
    else part.name += quoted ? char : char.replace(/[A-Z]/, (letter) => letter.toLowerCase());
  }
  if (quoted) return { problem: `unterminated quoted identifier: ${text}` };
  if (parts.length > 2) return { problem: `improper qualified name (too many dotted names): ${text}` };
  const empty = parts.find((part) => part.name === '');
  if (empty) {
    return {
      problem: empty.quoted
        ? `zero-length delimited identifier: "" names nothing in ${text}`
        : `\\d expects a table name, not "${text}".`,
    };
  }
  if (text.includes(String.fromCharCode(0))) return { problem: `\\d expects a table name, not "${text}".` };
  const [first, second] = parts;
  return second ? { schema: first?.name ?? '', table: second.name } : { table: first?.name ?? '' };
}
