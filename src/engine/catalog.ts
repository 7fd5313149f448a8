import type { Row } from '../lesson/types';

/** A table, view or materialized view of the public schema, with its columns in order. */
export interface CatalogTable {
  name: string;
  kind: 'table' | 'view';
  columns: string[];
}

/** A user-defined trigger, as the catalog describes it. */
export interface CatalogTrigger {
  table: string;
  name: string;
  /** The trigger function's name and, for PL/pgSQL or SQL functions, its source. */
  function: string;
  source: string;
  timing: 'before' | 'after' | 'instead';
  events: ('insert' | 'update' | 'delete' | 'truncate')[];
  level: 'row' | 'statement';
  enabled: boolean;
}

/** What the diagram and the editors' completion need to know about the live schema. */
export interface Catalog {
  tables: CatalogTable[];
  triggers: CatalogTrigger[];
}

/**
 * Everything the catalog says about public tables and their triggers, schema-qualified so that a
 * learner's `SET search_path` cannot hide anything. Two statements: tables, then triggers.
 */
export const catalogSql = `SELECT c.relname, c.relkind,
       coalesce((SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '')
FROM pg_catalog.pg_class c
WHERE c.relnamespace = pg_catalog.to_regnamespace('public') AND c.relkind IN ('r', 'p', 'v', 'm')
ORDER BY c.relname;
SELECT c.relname, t.tgname, p.proname, coalesce(p.prosrc, ''), t.tgtype::int, t.tgenabled::text
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
WHERE NOT t.tgisinternal AND c.relnamespace = pg_catalog.to_regnamespace('public')
ORDER BY c.relname, t.tgname;`;

// Bits of pg_trigger.tgtype, from PostgreSQL's catalog/pg_trigger.h.
const ROW = 1;
const BEFORE = 2;
const INSERT = 4;
const DELETE = 8;
const UPDATE = 16;
const TRUNCATE = 32;
const INSTEAD = 64;

/** Turns the rows of `catalogSql` into a `Catalog`. */
export function parseCatalog(tableRows: Row[], triggerRows: Row[]): Catalog {
  const tables = tableRows.map(([name, kind, columns]) => ({
    name: name ?? '',
    kind: kind === 'v' || kind === 'm' ? ('view' as const) : ('table' as const),
    columns: columns ? columns.split(',') : [],
  }));
  const triggers = triggerRows.map(([table, name, fn, source, type, enabled]): CatalogTrigger => {
    const bits = Number(type);
    const events: CatalogTrigger['events'] = [];
    if (bits & INSERT) events.push('insert');
    if (bits & UPDATE) events.push('update');
    if (bits & DELETE) events.push('delete');
    if (bits & TRUNCATE) events.push('truncate');
    return {
      table: table ?? '',
      name: name ?? '',
      function: fn ?? '',
      source: source ?? '',
      timing: bits & INSTEAD ? 'instead' : bits & BEFORE ? 'before' : 'after',
      events,
      level: bits & ROW ? 'row' : 'statement',
      enabled: enabled !== 'D',
    };
  });
  return { tables, triggers };
}

/** Table name → columns, for completion in the editors. */
export function columnsByTable(catalog: Catalog): Record<string, string[]> {
  return Object.fromEntries(catalog.tables.map((table) => [table.name, table.columns]));
}
