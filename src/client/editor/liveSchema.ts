import { PostgreSQL, sql } from '@codemirror/lang-sql';
import { Compartment, type Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';

const language = new Compartment();

/** PostgreSQL highlighting and completion of the live database's tables and columns. */
export function liveSchema(tables: Record<string, string[]> = {}): Extension {
  return language.of(sql({ dialect: PostgreSQL, schema: tables, upperCaseKeywords: true }));
}

/** Completion follows the database: call after every run that may have changed the schema. */
export function updateSchema(view: EditorView, tables: Record<string, string[]>): void {
  view.dispatch({
    effects: language.reconfigure(sql({ dialect: PostgreSQL, schema: tables, upperCaseKeywords: true })),
  });
}
