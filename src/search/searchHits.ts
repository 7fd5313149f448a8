// Pagefind's results in, the links the search dialog lists out: one per place in a lesson where the
// words are (a step, an exercise, a section of prose, the lesson's opening), each pointing at the
// anchor a reader would share for it (`#step-<id>`, not its heading's id).

/** An element with an id inside an indexed page, as Pagefind records it. */
export interface PagefindAnchor {
  element: string;
  id: string;
  text?: string;
  /** The word the element starts at. */
  location: number;
}

export interface PagefindLocation {
  balanced_score: number;
  location: number;
}

/** The part of a page between one heading and the next, with the words found in it. */
export interface PagefindSubResult {
  title: string;
  url: string;
  excerpt: string;
  anchor?: PagefindAnchor;
  weighted_locations: PagefindLocation[];
}

/** One page's data as `result.data()` returns it (the fields used here). */
export interface PagefindPage {
  url: string;
  meta: { title?: string };
  anchors: PagefindAnchor[];
  sub_results: PagefindSubResult[];
}

/** A piece of an excerpt: the words searched for are `marked`. Always text, never HTML. */
export interface Segment {
  text: string;
  marked: boolean;
}

export type HitKind = 'lesson' | 'section' | 'step' | 'exercise';

export interface SearchHit {
  href: string;
  title: string;
  kind: HitKind;
  /** The title of the lesson the hit is in. */
  lesson: string;
  excerpt: Segment[];
}

/**
 * Pagefind's excerpt as text pieces. Pagefind escapes `<` and `>` of the page's text and wraps the
 * matches in `<mark>`; nothing else in it is markup.
 */
export function excerptSegments(excerpt: string): Segment[] {
  const asText = (text: string) => text.replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  return excerpt
    .split(/(<mark>[\s\S]*?<\/mark>)/)
    .filter((piece) => piece !== '')
    .map((piece) => {
      const marked = piece.startsWith('<mark>');
      return { text: asText(marked ? piece.slice(6, -7) : piece), marked };
    });
}

/**
 * The element a heading stands for: a step's or an exercise's `<section>` begins where its heading
 * does, and its id is the anchor the course links to. A heading with no section of its own (the
 * prose's) stands for itself.
 */
export function targetOf(heading: PagefindAnchor, anchors: PagefindAnchor[]): { id: string; kind: HitKind } {
  const section = anchors.findLast(
    (anchor) => anchor.element === 'section' && anchor.location === heading.location,
  );
  const id = section?.id ?? heading.id;
  const kind = id.startsWith('step-') ? 'step' : id.startsWith('exercise-') ? 'exercise' : 'section';
  return { id, kind };
}

const score = (sub: PagefindSubResult) =>
  sub.weighted_locations.reduce((sum, location) => sum + location.balanced_score, 0);

function hitOf(page: PagefindPage, sub: PagefindSubResult): SearchHit {
  const lesson = page.meta.title ?? sub.title;
  const excerpt = excerptSegments(sub.excerpt);
  if (!sub.anchor) return { href: page.url, title: lesson, kind: 'lesson', lesson, excerpt };
  const { id, kind } = targetOf(sub.anchor, page.anchors);
  const href = `${sub.url.replace(/#.*$/, '')}#${id}`;
  return { href, title: sub.title, kind, lesson, excerpt };
}

/**
 * The dialog's links, page by page in Pagefind's order (best page first), each page's places best
 * first, at most `perLesson` of them so one long lesson does not hide the others.
 */
export function searchHits(pages: PagefindPage[], perLesson = 5): SearchHit[] {
  return pages.flatMap((page) =>
    page.sub_results
      .map((sub, order) => ({ sub, order, score: score(sub) }))
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .slice(0, perLesson)
      .map(({ sub }) => hitOf(page, sub)),
  );
}

/** What the live region says once a search has answered. */
export function countText(hits: SearchHit[], query: string): string {
  if (query.trim() === '') return '';
  if (hits.length === 0) return `No results for “${query.trim()}”.`;
  const lessons = new Set(hits.map((hit) => hit.lesson)).size;
  const results = hits.length === 1 ? '1 result' : `${hits.length} results`;
  return `${results} in ${lessons === 1 ? '1 lesson' : `${lessons} lessons`}.`;
}

/** How a hit's kind is named beside its lesson. */
export const kindLabel: Record<HitKind, string> = {
  lesson: 'Lesson',
  section: 'Section',
  step: 'Step',
  exercise: 'Exercise',
};
