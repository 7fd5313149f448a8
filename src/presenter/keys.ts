/** What a presenter can do from the keyboard, in either window. */
export type Command =
  | { kind: 'forward' }
  | { kind: 'back' }
  | { kind: 'reset' }
  | { kind: 'lesson'; number: number }
  | { kind: 'diagram' }
  | { kind: 'help' }
  | { kind: 'close' };

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** True when focus is in a text field, where keys are typing, not commands. */
  typing?: boolean;
}

/** The keys, as the help dialog lists them. */
export const keyHelp: [string, string][] = [
  ['→ or Space', 'run this step; press again for the next step'],
  ['←', 'back to the previous step'],
  ['R', "reset the lesson's database"],
  ['1 – 6', 'that lesson, its database at its start'],
  ['D', 'show or hide the diagram'],
  ['?', 'show or hide these keys'],
  ['Esc', 'close this list'],
];

/** Maps a key press to a command; null leaves the key to the browser (Tab, shortcuts, typing). */
export function commandFor(event: KeyLike, lessons: number): Command | null {
  if (event.typing || event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case 'ArrowRight':
    case ' ':
    case 'PageDown':
      return { kind: 'forward' };
    case 'ArrowLeft':
    case 'PageUp':
      return { kind: 'back' };
    case 'r':
    case 'R':
      return { kind: 'reset' };
    case 'd':
    case 'D':
      return { kind: 'diagram' };
    case '?':
      return { kind: 'help' };
    case 'Escape':
      return { kind: 'close' };
  }
  const number = /^[1-9]$/.test(event.key) ? Number(event.key) : 0;
  return number >= 1 && number <= lessons ? { kind: 'lesson', number } : null;
}
