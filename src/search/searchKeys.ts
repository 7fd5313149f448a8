/** The parts of a keyboard event the search shortcuts look at. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * Whether a key press opens search: `/`, or Ctrl+K (⌘K on a Mac). Never while the reader is typing
 * in a field or an editor (`typing`), where a slash is a slash and Ctrl+K belongs to the editor.
 */
export function opensSearch(press: KeyPress, typing: boolean): boolean {
  if (typing || press.altKey) return false;
  if (press.key === '/') return !press.ctrlKey && !press.metaKey;
  const k = press.key === 'k' || press.key === 'K';
  return k && !press.shiftKey && press.ctrlKey !== press.metaKey;
}

/**
 * Where ↑ and ↓ move focus inside the search dialog, as an index into its results with -1 for the
 * search field: ↓ from the field goes to the first result, ↑ from the first result back to the field.
 * `undefined` when the key does not move focus (no results, or the edge of the list).
 */
export function nextFocus(key: string, current: number, count: number): number | undefined {
  if (count === 0) return undefined;
  if (key === 'ArrowDown') return current < count - 1 ? current + 1 : undefined;
  if (key === 'ArrowUp') return current >= 0 ? current - 1 : undefined;
  if (key === 'Home' && current >= 0) return 0;
  if (key === 'End' && current >= 0) return count - 1;
  return undefined;
}
