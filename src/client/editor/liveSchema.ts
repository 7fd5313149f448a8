import type {
  Completion,
  CompletionContext,
  CompletionResult,
  CompletionSource,
} from '@codemirror/autocomplete';
import { PostgreSQL, schemaCompletionSource, sql } from '@codemirror/lang-sql';
import type { Extension } from '@codemirror/state';
import type { SchemaStore } from './SchemaStore';

const sources = new WeakMap<SchemaStore, { version: number; source: CompletionSource }>();

/** Tables and `table.column`, as lang-sql completes them, rebuilt only when the schema changed. */
function schemaSource(store: SchemaStore): CompletionSource {
  const cached = sources.get(store);
  if (cached?.version === store.version) return cached.source;
  const source = schemaCompletionSource({
    dialect: PostgreSQL,
    schema: store.tables,
    upperCaseKeywords: true,
  });
  sources.set(store, { version: store.version, source });
  return source;
}

const tableReference =
  /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:ONLY\s+)?(?:public\.)?"?([A-Za-z_][A-Za-z0-9_]*)"?/gi;

/**
 * Columns of the tables the statement under the cursor names: `SELECT … FROM users_2 WHERE em`
 * offers `email`, without having to type `users_2.` first.
 */
export function columnsInContext(store: SchemaStore, context: CompletionContext): CompletionResult | null {
  // Nothing typed yet: only when asked (Ctrl+Space), as after `WHERE `.
  const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/) ?? { from: context.pos, to: context.pos };
  if (word.from === word.to && !context.explicit) return null;
  // Not after a dot: lang-sql completes `table.column` itself.
  if (context.state.sliceDoc(word.from - 1, word.from) === '.') return null;
  const doc = context.state.doc.toString();
  const start = doc.lastIndexOf(';', word.from - 1) + 1;
  const endAt = doc.indexOf(';', word.to);
  const statement = doc.slice(start, endAt < 0 ? doc.length : endAt);
  const tables = [
    ...new Set([...statement.matchAll(tableReference)].map((match) => (match[1] ?? '').toLowerCase())),
  ];
  const options: Completion[] = [];
  for (const table of tables) {
    for (const column of store.tables[table] ?? []) {
      if (!options.some((option) => option.label === column)) {
        options.push({ label: column, type: 'property', detail: table, boost: 5 });
      }
    }
  }
  return options.length > 0 ? { from: word.from, options, validFor: /^[A-Za-z0-9_]*$/ } : null;
}

/** PostgreSQL highlighting, keywords, and completion of the live database's tables and columns. */
export function liveSchema(store: SchemaStore): Extension {
  const language = sql({ dialect: PostgreSQL, upperCaseKeywords: true });
  return [
    language,
    language.language.data.of({ autocomplete: (context: CompletionContext) => schemaSource(store)(context) }),
    language.language.data.of({
      autocomplete: (context: CompletionContext) => columnsInContext(store, context),
    }),
  ];
}
