import { type Extension, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView } from '@codemirror/view';

const setError = StateEffect.define<number | null>();
const mark = Decoration.mark({
  class: 'cm-sql-error',
  attributes: { title: 'PostgreSQL reported the error here' },
});

/** Underlines where PostgreSQL says an error is, until the SQL is edited. */
export function errorMark(): Extension {
  return StateField.define<DecorationSet>({
    create: () => Decoration.none,
    update(marks, transaction) {
      let next = transaction.docChanged ? Decoration.none : marks;
      for (const effect of transaction.effects) {
        if (!effect.is(setError)) continue;
        next = Decoration.none;
        const doc = transaction.state.doc;
        if (effect.value === null || effect.value >= doc.length) continue;
        const from = Math.max(0, effect.value);
        const word = /^[^\s;,()]+/.exec(doc.sliceString(from, Math.min(doc.length, from + 200)));
        next = Decoration.set([mark.range(from, from + Math.max(1, word?.[0].length ?? 1))]);
      }
      return next;
    },
    provide: (field) => EditorView.decorations.from(field),
  });
}

/**
 * Marks an error's position: PostgreSQL's 1-based character offset. The editor counts UTF-16
 * units, so the offset is converted, which keeps the mark right after emoji.
 */
export function showErrorAt(
  view: EditorView,
  position: number | undefined,
): { line: number; column: number } | undefined {
  if (!position) {
    view.dispatch({ effects: setError.of(null) });
    return undefined;
  }
  const text = view.state.doc.toString();
  const offset = [...text].slice(0, position - 1).join('').length;
  view.dispatch({ effects: setError.of(offset) });
  const line = view.state.doc.lineAt(Math.min(offset, text.length));
  return { line: line.number, column: offset - line.from + 1 };
}
