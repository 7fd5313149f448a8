import { button, el } from '../ui/dom';

const keys: [string, string][] = [
  ['Ctrl+Enter (⌘+Enter)', 'run the SQL you are in: a step, an exercise or the console'],
  ['Shift+Enter', 'run a step, then move on to the next one'],
  ['Enter, on a step’s SQL', 'edit it'],
  ['↑ and ↓, in the console', 'earlier and later commands'],
  ['Tab and Shift+Tab', 'move between the page’s controls; Tab leaves an editor too'],
  ['?', 'this list'],
  ['Esc', 'close this list'],
];

/** `?` anywhere but in an editor or a field opens the list of keyboard shortcuts. */
export function installShortcutsHelp(): void {
  const dialog = el('dialog', { className: 'shortcuts', attrs: { 'aria-labelledby': 'shortcuts-title' } });
  const list = el('dl');
  for (const [key, what] of keys) list.append(el('dt', { text: key }), el('dd', { text: what }));
  dialog.append(
    el('h2', { text: 'Keyboard shortcuts', attrs: { id: 'shortcuts-title' } }),
    list,
    button('Close', () => dialog.close()),
  );
  document.body.append(dialog);
  document.addEventListener('keydown', (event) => {
    if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [contenteditable="true"], .cm-editor')) return;
    event.preventDefault();
    if (dialog.open) dialog.close();
    else dialog.showModal();
  });
}
