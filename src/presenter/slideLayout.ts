/**
 * How a slide is sized and paged, as numbers in and numbers out, so it can be tested without a
 * browser. Type is never shrunk to make a long step fit: a long step is paged.
 */

/** No SQL, result, expectation or diagram text is smaller than this, in CSS px, at zoom 1. */
export const minimumText = 18;
/** SQL, tables and "what changed" are this share of the base size (the title is 1.25). */
export const textEm = 0.72;
/** The base size's bounds: the lower one keeps text at 18 px (25 × 0.72). */
const smallestBase = minimumText / textEm;
const largestBase = 40;

/**
 * The base type size for a screen, in px: about 30 at 1280×720 (SQL 21.6 px, title 37.5 px),
 * never below 25 whatever the screen, more on a big one; times the presenter's zoom.
 */
export function baseSize(width: number, height: number, zoom = 1): number {
  const fit = Math.min(width / 40, height / 24);
  return Math.max(smallestBase, Math.min(largestBase, fit)) * zoom;
}

/**
 * The diagram's smallest type (trigger names) is 10 px in its own drawing: drawn at this scale,
 * trigger names come out at 18.5 px, table names at 22.
 */
export const diagramScale = 1.85;
/**
 * The narrowest drawing (src/diagram/layout.ts) in which the longest table name, 18 characters of
 * 12 px type, is not shortened.
 */
export const diagramNarrowest = 382;

/** Below this many base sizes, the expectation and result are too narrow to sit beside the diagram. */
const evidenceEms = 15;
const gap = 20;

export interface EvidenceLayout {
  /** The diagram beside the expectation and result, or below them at the row's full width. */
  arrangement: 'beside' | 'stacked';
  /** The diagram's width, in px. */
  diagramWidth: number;
}

/** How the row under the SQL is laid out in `width` px at base size `base`. */
export function evidenceLayout(width: number, base: number, zoom = 1): EvidenceLayout {
  const diagramMin = diagramNarrowest * diagramScale * zoom;
  const beside = Math.max(diagramMin, Math.floor(width * 0.45));
  if (width - gap - beside >= evidenceEms * base) return { arrangement: 'beside', diagramWidth: beside };
  return { arrangement: 'stacked', diagramWidth: width };
}

/** A scrollable view: its scroll position, its height and its content's height, in px. */
export interface View {
  top: number;
  height: number;
  total: number;
}

const bottomOf = (view: View) => Math.max(0, view.total - view.height);

/**
 * Where the next (or previous) page starts, or null when there is none (the caller moves to the
 * next or previous step). A page ends at a line boundary: the line cut at the bottom of this page
 * is the first of the next, and paging up never starts on a half line. `lineTops` are the tops of
 * the lines and blocks on the slide, in content px.
 */
export function pageTarget(view: View, lineTops: number[], by: 1 | -1): number | null {
  const bottom = bottomOf(view);
  if (by === 1) {
    if (view.top >= bottom - 1) return null;
    const end = view.top + view.height;
    // The last line that starts on this page but is not its first: the next page begins there.
    const starts = lineTops.filter((top) => top > view.top + 1 && top < end - 1);
    const target = starts.length > 0 ? Math.max(...starts) : end - view.height * 0.1;
    // A page must move by a good part of the screen, or a tall block would be paged line by line.
    const moved = target - view.top >= view.height * 0.3 ? target : end - view.height * 0.1;
    return Math.min(bottom, Math.round(moved));
  }
  if (view.top <= 1) return null;
  const start = view.top - view.height;
  const starts = lineTops.filter((top) => top >= start + 1 && top < view.top - 1);
  const target = starts.length > 0 ? Math.min(...starts) : start + view.height * 0.1;
  const moved = view.top - target >= view.height * 0.3 ? target : start + view.height * 0.1;
  return Math.max(0, Math.round(moved));
}

/** A few lines down or up, within the content. */
export function scrollTarget(view: View, by: 1 | -1, line: number): number {
  return Math.max(0, Math.min(bottomOf(view), Math.round(view.top + by * 3 * line)));
}

/**
 * Where to scroll so that a block (from `top` to `bottom`, content px) is in view: unchanged when
 * it already is, else its top a little below the view's top (a block taller than the view shows
 * its start).
 */
export function revealTarget(view: View, top: number, bottom: number, margin = 12): number {
  if (top >= view.top && bottom <= view.top + view.height) return view.top;
  const fromBelow = bottom - view.height + margin;
  const target = top < view.top || bottom - top + margin > view.height ? top - margin : fromBelow;
  return Math.max(0, Math.min(bottomOf(view), Math.round(target)));
}
