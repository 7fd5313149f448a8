import { Compartment, type Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';

const comparison = new Compartment();

/** A slot for showing the lesson's original SQL inline, deletions and insertions marked. */
export function compareSlot(): Extension {
  return comparison.of([]);
}

/** The merge view loads on first use: most learners never compare. */
export async function setComparison(view: EditorView, original: string | null): Promise<void> {
  if (original === null) {
    view.dispatch({ effects: comparison.reconfigure([]) });
    return;
  }
  const { unifiedMergeView } = await import('@codemirror/merge');
  view.dispatch({
    effects: comparison.reconfigure(
      unifiedMergeView({ original, mergeControls: false, gutter: true, syntaxHighlightDeletions: true }),
    ),
  });
}
