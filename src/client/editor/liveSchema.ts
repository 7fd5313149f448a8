import type {
  Completion,
  CompletionContext,
  CompletionResult,
  CompletionSource,
} from '@codemirror/autocomplete';
import { PostgreSQL, schemaCompletionSource, sql } from '@codemirror/lang-sql';
import type { Extension } from '@codemirror/state';

/** Table → columns of the live database; every editor on the page completes from the same one. */
export class SchemaStore {
  #tables: Record<string, string[]> = {};
  #source: CompletionSource = () => null;

  get tables(): Record<string, string[]> {
    return this.#tables;
  }

  set(tables: Record<string, string[]>): void {
    this.#tables = tables;
    this.#source = schemaCompletionSource({ dialect: PostgreSQL, schema: tables, upperCaseKeywords: true });
  }

  /** Tables and `table.column`, as lang-sql completes them. */
  complete(context: CompletionContext) {
    return this.#source(context);
  }
}

const tableReference =
  /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:ONLY\s+)?(?:public\.)?"?([A-Za-z_][A-Za-z0-9_]*)"?/gi;

/**
 * Columns of the tables the statement under the cursor names: `SELECT … FROM users_2 WHERE em`
 * offers `email`, without having to type `users_2.` first.
 */
export function columnsInContext(store: SchemaStore, context: CompletionContext): CompletionResult | null {
  const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/);
  if (!word || (word.from === word.to && !context.explicit)) return null;
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
    language.language.data.of({ autocomplete: (context: CompletionContext) => store.complete(context) }),
    language.language.data.of({
      autocomplete: (context: CompletionContext) => columnsInContext(store, context),
    }),
  ];
}
