import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightSpecialChars, keymap, lineNumbers } from '@codemirror/view';
import { classHighlighter } from '@lezer/highlight';

/**
 * The page's colours for the parts CodeMirror colours itself: its default placeholder grey
 * (#888 on white) is below 4.5:1, and its light completion list would be unreadable in dark mode.
 */
const pageColours = EditorView.theme({
  '.cm-placeholder': { color: 'var(--fg-soft)' },
  '.cm-tooltip': { backgroundColor: 'var(--bg)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'var(--accent)',
    color: 'var(--bg)',
  },
  '.cm-completionDetail': { color: 'inherit', fontStyle: 'italic', marginLeft: '0.75em' },
  '.cm-gutters': {
    backgroundColor: 'var(--bg-soft)',
    color: 'var(--fg-soft)',
    borderRight: '1px solid var(--border)',
  },
  // The same width as the numbers beside a step's highlighted SQL (Step.astro), so that turning it
  // into an editor wraps its lines in the same places and the page does not jump.
  '.cm-lineNumbers .cm-gutterElement': { boxSizing: 'content-box', minWidth: '3ch', padding: '0 0.5rem' },
});

/**
 * What every SQL editor on the page shares. Tokens get CSS classes rather than colours, so the
 * page's light and dark themes colour them. Line numbers, because errors are reported by line and
 * column. Tab is left to the browser, so keyboard users can always move on from the editor.
 */
export function baseSetup(label: string): Extension {
  return [
    lineNumbers(),
    pageColours,
    history(),
    drawSelection(),
    highlightSpecialChars(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    // No icons: they are symbols many system fonts lack, and the detail says what each option is.
    autocompletion({ activateOnTyping: true, icons: false }),
    syntaxHighlighting(classHighlighter),
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': label }),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap]),
  ];
}
