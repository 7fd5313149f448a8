import { EditorView, placeholder as placeholderText } from '@codemirror/view';
import { baseSetup } from './baseSetup';
import { compareSlot, setComparison } from './compareWith';
import { errorMark, showErrorAt } from './errorMark';
import { inputHistory } from './inputHistory';
import { liveSchema } from './liveSchema';
import { runShortcut } from './runShortcut';
import type { SchemaStore } from './SchemaStore';

/** An editor as the page uses it; the rest of the page never imports CodeMirror itself. */
export interface EditorHandle {
  text(): string;
  setText(text: string, userEvent?: string): void;
  /** Underlines where PostgreSQL says the error is (1-based character offset), or clears it. */
  markError(position: number | undefined): { line: number; column: number } | undefined;
  /** Shows the original SQL inline, deletions and insertions marked, or hides it. */
  compare(original: string | null): Promise<void>;
  focus(): void;
}

export interface EditorOptions {
  parent: HTMLElement;
  doc: string;
  label: string;
  schema: SchemaStore;
  run(): void;
  /** Shift+Enter: run, then move on. */
  runAndNext?: () => void;
  changed(text: string): void;
  placeholder?: string;
  /** Earlier entries for ↑ and ↓, newest last (the console). */
  history?: () => string[];
}

/** A SQL editor: PostgreSQL highlighting, live completion, Ctrl+Enter runs, errors underlined. */
export function createEditor(options: EditorOptions): EditorHandle {
  const view = new EditorView({
    parent: options.parent,
    doc: options.doc,
    extensions: [
      baseSetup(options.label),
      liveSchema(options.schema),
      runShortcut(options.run, options.runAndNext),
      errorMark(),
      compareSlot(),
      options.placeholder ? placeholderText(options.placeholder) : [],
      options.history ? inputHistory(options.history) : [],
      EditorView.updateListener.of((update) => {
        if (update.docChanged) options.changed(update.state.doc.toString());
      }),
    ],
  });
  return {
    text: () => view.state.doc.toString(),
    setText(text, userEvent) {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        ...(userEvent ? { userEvent } : {}),
      });
    },
    markError: (position) => showErrorAt(view, position),
    compare: (original) => setComparison(view, original),
    focus: () => view.focus(),
  };
}
