/** Lines of a step's SQL, 1-based and inclusive, as the presenter points at them. */
export interface LineRange {
  from: number;
  to: number;
}

/** What a presenter can do, from the keyboard or the speaker window. */
export type Command =
  /** Run this step; once it has run, the next step. */
  | { kind: 'forward' }
  | { kind: 'back' }
  /** A page down (or up) of a long step; at its end (or start), forward (or back). */
  | { kind: 'page'; by: 1 | -1 }
  /** A few lines down or up; never leaves the step. */
  | { kind: 'scroll'; by: 1 | -1 }
  /** Step `step` (1-based), with every step before it run. */
  | { kind: 'goto'; step: number }
  /** Back to the lesson's start: already confirmed, the key machine asks first. */
  | { kind: 'reset' }
  | { kind: 'lesson'; number: number }
  | { kind: 'diagram' }
  /** A race timeline on the whole slide: the one near this step, then the next, then back. */
  | { kind: 'race' }
  /** The code versions side by side on the whole slide, or back to the step. */
  | { kind: 'versions' }
  /** Larger (1), smaller (-1) or back to the screen's own size (0). */
  | { kind: 'zoom'; by: 1 | -1 | 0 }
  /** Point at lines of the SQL; null stops pointing. */
  | { kind: 'highlight'; lines: LineRange | null }
  | { kind: 'blank' }
  | { kind: 'help' }
  /** Esc: closes what is open (help, blank screen, pointing), in that order. */
  | { kind: 'close' };

/** A question the keys are in the middle of: what the next keys mean depends on it. */
export type Prompt =
  | { kind: 'none' }
  | { kind: 'reset' }
  | { kind: 'goto'; typed: string }
  | { kind: 'lines'; typed: string };

export const noPrompt: Prompt = { kind: 'none' };

export interface KeyLike {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** True when focus is in a text field, where keys are typing, not commands. */
  typing?: boolean;
}

/** How many lessons, steps in this lesson, and lines in this step's SQL there are. */
export interface Limits {
  lessons: number;
  steps: number;
  lines: number;
}

export interface KeyResult {
  prompt: Prompt;
  command: Command | null;
  /** The key meant something here: the browser must not act on it as well. */
  used: boolean;
}

/** The keys, as the help lists them. */
export const keyHelp: [string, string][] = [
  ['→', 'run this step; once it has run, the next step'],
  ['←', 'the previous step'],
  ['Space, PageDown', 'the next page of a long step; at its end, as →'],
  ['Shift+Space, PageUp', 'the previous page; at the top, as ←'],
  ['↓ ↑', 'scroll a few lines'],
  ['g 8 Enter', 'go to step 8, running the steps before it'],
  ['l 3 Enter, l 3-7 Enter', 'point at line 3, or lines 3 to 7; l Enter stops'],
  ['+ − 0', 'zoom in, out, back to the screen’s size'],
  ['D', 'show or hide the diagram'],
  ['T', 'the race timeline near this step; again, the next race; → and ← a moment at a time'],
  ['V', 'the code versions side by side; → tries the next suggestion'],
  ['B', 'blank the screen, or show it again'],
  ['R, then Enter', "reset the lesson's database (R alone only asks)"],
  ['1 – 9', 'that lesson, its database at its start'],
  ['?', 'show or hide these keys'],
  ['Esc', 'close this list, the blank screen, a race or the versions, the pointing, a question'],
];

const ignored: KeyResult = { prompt: noPrompt, command: null, used: false };
const done = (command: Command | null, prompt: Prompt = noPrompt): KeyResult => ({
  prompt,
  command,
  used: true,
});

/**
 * Reads `a` or `a-b` as lines of a step of `lines` lines. Empty text means "stop pointing" (null);
 * anything else that is not a range of existing lines is undefined.
 */
export function parseLines(text: string, lines: number): LineRange | null | undefined {
  if (text === '') return null;
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) return undefined;
  const a = Number(match[1]);
  const b = match[2] === undefined ? a : Number(match[2]);
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  return from >= 1 && to <= lines ? { from, to } : undefined;
}

/** The normal meaning of a key, with no question pending. */
function plain(event: KeyLike, limits: Limits): KeyResult {
  switch (event.key) {
    case 'ArrowRight':
      return done({ kind: 'forward' });
    case 'ArrowLeft':
      return done({ kind: 'back' });
    case ' ':
      return done({ kind: 'page', by: event.shiftKey ? -1 : 1 });
    // Presentation clickers send PageDown and PageUp: with them alone a whole lesson can be given.
    case 'PageDown':
      return done({ kind: 'page', by: 1 });
    case 'PageUp':
      return done({ kind: 'page', by: -1 });
    case 'ArrowDown':
      return done({ kind: 'scroll', by: 1 });
    case 'ArrowUp':
      return done({ kind: 'scroll', by: -1 });
    case 'r':
    case 'R':
      return done(null, { kind: 'reset' });
    case 'g':
    case 'G':
      return done(null, { kind: 'goto', typed: '' });
    case 'l':
    case 'L':
      return done(null, { kind: 'lines', typed: '' });
    case 'd':
    case 'D':
      return done({ kind: 'diagram' });
    case 't':
    case 'T':
      return done({ kind: 'race' });
    case 'v':
    case 'V':
      return done({ kind: 'versions' });
    case 'b':
    case 'B':
    // Clickers' "blank screen" button sends a full stop.
    case '.':
      return done({ kind: 'blank' });
    case '+':
    case '=':
      return done({ kind: 'zoom', by: 1 });
    case '-':
    case '_':
      return done({ kind: 'zoom', by: -1 });
    case '0':
      return done({ kind: 'zoom', by: 0 });
    case '?':
      return done({ kind: 'help' });
    case 'Escape':
      return done({ kind: 'close' });
  }
  const number = /^[1-9]$/.test(event.key) ? Number(event.key) : 0;
  return number >= 1 && number <= limits.lessons ? done({ kind: 'lesson', number }) : ignored;
}

/** A key while `g` waits for a step number: it goes as soon as no further digit could matter. */
function gotoKey(typed: string, event: KeyLike, limits: Limits): KeyResult {
  const go = (text: string): KeyResult => {
    const step = Number(text);
    return step >= 1 && step <= limits.steps ? done({ kind: 'goto', step }) : done(null);
  };
  if (/^\d$/.test(event.key)) {
    const next = typed + event.key;
    const step = Number(next);
    if (step >= 1 && step * 10 > limits.steps) return go(next);
    if (next.length >= String(limits.steps).length) return go(next);
    return done(null, { kind: 'goto', typed: next });
  }
  if (event.key === 'Backspace') return done(null, { kind: 'goto', typed: typed.slice(0, -1) });
  if (event.key === 'Enter') return go(typed);
  // Anything else, Esc included, lets the question go and does nothing more.
  return done(null);
}

function linesKey(typed: string, event: KeyLike, limits: Limits): KeyResult {
  if (/^[\d-]$/.test(event.key)) return done(null, { kind: 'lines', typed: typed + event.key });
  if (event.key === 'Backspace') return done(null, { kind: 'lines', typed: typed.slice(0, -1) });
  if (event.key === 'Enter') {
    const lines = parseLines(typed, limits.lines);
    return lines === undefined ? done(null) : done({ kind: 'highlight', lines });
  }
  return done(null);
}

/**
 * Maps a key press to a command, given the question pending (if any). Modifier keys and typing in
 * a field leave the key to the browser, so its own shortcuts (Ctrl+R, Ctrl++) still work.
 */
export function press(prompt: Prompt, event: KeyLike, limits: Limits): KeyResult {
  if (event.typing || event.ctrlKey || event.metaKey || event.altKey) return { ...ignored, prompt };
  // Shift alone only picks a character; the key it gives is what counts.
  if (event.key === 'Shift') return { ...ignored, prompt };
  switch (prompt.kind) {
    case 'none':
      return plain(event, limits);
    case 'reset':
      return event.key === 'Enter' ? done({ kind: 'reset' }) : done(null);
    case 'goto':
      return gotoKey(prompt.typed, event, limits);
    case 'lines':
      return linesKey(prompt.typed, event, limits);
  }
}

/** What the screen says while a question is pending; empty when none is. */
export function promptText(prompt: Prompt, limits: Limits): string {
  switch (prompt.kind) {
    case 'none':
      return '';
    case 'reset':
      return "Reset the lesson's database to its start? Enter resets; Esc keeps it.";
    case 'goto':
      return `Go to step (1–${limits.steps}): ${prompt.typed}▏ Enter goes; Esc cancels.`;
    case 'lines':
      return `Point at line or lines (1–${limits.lines}, e.g. 3-7): ${prompt.typed}▏ Enter points; Enter alone stops.`;
  }
}
