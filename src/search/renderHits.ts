import { el } from '../ui/dom';
import { kindLabel, type SearchHit, type Segment } from './searchHits';

function excerptOf(segments: Segment[], id: string): HTMLParagraphElement {
  const paragraph = el('p', { className: 'search-hit-excerpt', attrs: { id } });
  for (const segment of segments)
    paragraph.append(segment.marked ? el('mark', { text: segment.text }) : segment.text);
  return paragraph;
}

/**
 * The results as list items: a link named by the place and its lesson, described by its excerpt.
 * Everything is set as text: an excerpt is the course's own words, but still never parsed as HTML.
 */
export function renderHits(hits: SearchHit[]): HTMLLIElement[] {
  return hits.map((hit, index) => {
    const excerptId = `search-hit-${index}`;
    const where = hit.kind === 'lesson' ? 'Lesson' : `${kindLabel[hit.kind]} in ${hit.lesson}`;
    const link = el(
      'a',
      { className: 'search-hit', attrs: { href: hit.href, 'aria-describedby': excerptId } },
      el('span', { className: 'search-hit-title', text: hit.title }),
      // Read as "Title, Step in Lesson": the two spans are laid out apart, but named as one.
      el('span', { className: 'visually-hidden', text: ', ' }),
      el('span', { className: 'search-hit-where', text: where }),
    );
    return el('li', {}, link, excerptOf(hit.excerpt, excerptId));
  });
}
