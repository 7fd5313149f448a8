import { Marked } from 'marked';
import { url } from './url';

/** Heading ids as GitHub makes them, so that `#going-further` links work. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

const marked = new Marked({
  gfm: true,
  // Lessons link to each other from the site's root (`/lessons/rules/`); the site may be served
  // under a base path (`astro build --base /sub/`), so such links are put under it.
  walkTokens(token) {
    if (token.type === 'link' && token.href.startsWith('/') && !token.href.startsWith('//')) {
      token.href = url(token.href);
    }
  },
  renderer: {
    heading({ tokens, depth }) {
      const html = this.parser.parseInline(tokens);
      return `<h${depth} id="${slugify(html)}">${html}</h${depth}>\n`;
    },
  },
});

/** Renders the course's own prose (trusted content, never database values) to HTML. */
export function renderMarkdown(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

/** The depth of the last heading in a prose block, so that steps nest under it. */
export function lastHeadingDepth(markdown: string): number | undefined {
  const depths = [...markdown.matchAll(/^(#{1,6})\s/gm)].map((match) => match[1]?.length ?? 0);
  return depths.at(-1);
}
