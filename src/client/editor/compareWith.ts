import { unifiedMergeView } from '@codemirror/merge';
import { Compartment, type Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';

const comparison = new Compartment();

/** A slot for showing the lesson's original SQL inline, deletions and insertions marked. */
export function compareSlot(): Extension {
  return comparison.of([]);
}

export function setComparison(view: EditorView, original: string | null): void {
  view.dispatch({
    effects: comparison.reconfigure(
      original === null
        ? []
        : unifiedMergeView({ original, mergeControls: false, gutter: true, syntaxHighlightDeletions: true }),
    ),
  });
}
