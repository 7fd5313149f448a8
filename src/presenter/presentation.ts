import type { LineRange } from './keys';

/** Where a presentation is: which step is on screen, which steps have run, and how it is shown. */
export interface Presentation {
  index: number;
  ran: boolean[];
  diagram: boolean;
  /** The lines of this step's SQL the presenter points at. */
  lines: LineRange | null;
  /** The screen is blanked (B), so the room looks at the speaker. */
  blank: boolean;
  /** The slide's size against the screen's own: 1 is as the screen suits. */
  zoom: number;
}

/** The zoom levels + and − step through. Below 1 the text may fall under 18 px: the presenter's choice. */
export const zoomLevels = [0.8, 0.9, 1, 1.15, 1.3, 1.5, 1.75, 2] as const;

export function start(steps: number): Presentation {
  return {
    index: 0,
    ran: Array.from({ length: steps }, () => false),
    diagram: true,
    lines: null,
    blank: false,
    zoom: 1,
  };
}

/**
 * → : a step that has not run runs (the caller does it, after marking it); one that has moves on to
 * the next. Returns what to do and the new state.
 */
export function forward(state: Presentation): { action: 'run' | 'next' | 'end'; state: Presentation } {
  if (!state.ran[state.index]) return { action: 'run', state };
  if (state.index + 1 >= state.ran.length) return { action: 'end', state };
  return { action: 'next', state: { ...state, index: state.index + 1, lines: null } };
}

export function back(state: Presentation): Presentation {
  const index = Math.max(0, state.index - 1);
  return index === state.index ? state : { ...state, index, lines: null };
}

/**
 * Step `index` (0-based), as a reload, a link or `g` asks for. The caller runs every step before
 * it that has not run yet (`replayBefore`), so the database is where the lesson has it.
 */
export function goTo(state: Presentation, index: number): { state: Presentation; replayBefore: number } {
  const target = Math.max(0, Math.min(state.ran.length - 1, index));
  return {
    state: target === state.index ? state : { ...state, index: target, lines: null },
    replayBefore: target,
  };
}

/** After running step `index` (and every earlier step that had not run). */
export function ranUpTo(state: Presentation, index: number): Presentation {
  return { ...state, ran: state.ran.map((ran, position) => ran || position <= index) };
}

export function reset(state: Presentation): Presentation {
  return { ...state, index: 0, ran: state.ran.map(() => false), lines: null };
}

export function zoomBy(state: Presentation, by: 1 | -1 | 0): Presentation {
  if (by === 0) return { ...state, zoom: 1 };
  const at = zoomLevels.findIndex((level) => level >= state.zoom);
  const next = zoomLevels[Math.max(0, Math.min(zoomLevels.length - 1, (at < 0 ? 2 : at) + by))] ?? 1;
  return { ...state, zoom: next };
}

/** Esc: the blank screen goes first, then the pointing. (The help dialog closes before either.) */
export function close(state: Presentation): Presentation {
  if (state.blank) return { ...state, blank: false };
  if (state.lines) return { ...state, lines: null };
  return state;
}
