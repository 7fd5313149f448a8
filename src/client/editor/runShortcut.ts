import { type Extension, Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';

/** Ctrl+Enter (Cmd+Enter on a Mac) runs the editor's SQL; Shift+Enter runs it and moves on. */
export function runShortcut(run: () => void, runAndNext?: () => void): Extension {
  const bindings = [
    {
      key: 'Mod-Enter',
      run: () => {
        run();
        return true;
      },
    },
  ];
  if (runAndNext) {
    bindings.push({
      key: 'Shift-Enter',
      run: () => {
        runAndNext();
        return true;
      },
    });
  }
  return Prec.highest(keymap.of(bindings));
}
