/** Where a presentation is: which step is on screen, and which steps have run. */
export interface Presentation {
  index: number;
  ran: boolean[];
  diagram: boolean;
}

export function start(steps: number): Presentation {
  return { index: 0, ran: Array.from({ length: steps }, () => false), diagram: true };
}

/**
 * → and Space: a step that has not run runs (the caller does it, after marking it); one that has
 * moves on to the next. Returns what to do and the new state.
 */
export function forward(state: Presentation): { action: 'run' | 'next' | 'end'; state: Presentation } {
  if (!state.ran[state.index]) return { action: 'run', state };
  if (state.index + 1 >= state.ran.length) return { action: 'end', state };
  return { action: 'next', state: { ...state, index: state.index + 1 } };
}

export function back(state: Presentation): Presentation {
  return { ...state, index: Math.max(0, state.index - 1) };
}

/** After running step `index` (and every earlier step that had not run). */
export function ranUpTo(state: Presentation, index: number): Presentation {
  return { ...state, ran: state.ran.map((ran, position) => ran || position <= index) };
}

export function reset(state: Presentation): Presentation {
  return { ...state, index: 0, ran: state.ran.map(() => false) };
}
