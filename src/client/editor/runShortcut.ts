import { type Extension, Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';

/** Ctrl+Enter (Cmd+Enter on a Mac) runs the editor's SQL. */
export function runShortcut(run: () => void): Extension {
  return Prec.highest(
    keymap.of([
      {
        key: 'Mod-Enter',
        run: () => {
          run();
          return true;
        },
      },
    ]),
  );
}
