import { type Extension, Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';

/**
 * ↑ on the first line recalls older entries, ↓ on the last line newer ones, as in a shell;
 * whatever was being typed is kept as the newest entry.
 */
export function inputHistory(entries: () => string[]): Extension {
  let index = -1;
  let draft = '';
  const show = (view: EditorView, text: string) => {
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: text },
      selection: { anchor: text.length },
    });
  };
  return [
    Prec.high(
      keymap.of([
        {
          key: 'ArrowUp',
          run(view) {
            const list = entries();
            const head = view.state.selection.main.head;
            if (view.state.doc.lineAt(head).number !== 1 || index + 1 >= list.length) return false;
            if (index === -1) draft = view.state.doc.toString();
            index += 1;
            show(view, list[list.length - 1 - index] ?? '');
            return true;
          },
        },
        {
          key: 'ArrowDown',
          run(view) {
            const head = view.state.selection.main.head;
            if (index < 0 || view.state.doc.lineAt(head).number !== view.state.doc.lines) return false;
            index -= 1;
            const list = entries();
            show(view, index < 0 ? draft : (list[list.length - 1 - index] ?? ''));
            return true;
          },
        },
      ]),
    ),
    // Typing starts a new entry: the next ↑ begins again from the newest.
    EditorView.updateListener.of((update) => {
      if (update.transactions.some((tr) => tr.isUserEvent('input') || tr.isUserEvent('delete'))) index = -1;
    }),
  ];
}
