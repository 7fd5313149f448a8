// An Astro integration that builds the course's full-text search index with Pagefind after the build,
// into <outDir>/pagefind/: every lesson's prose, steps (titles and SQL) and exercises, and nothing
// else (no presenter pages, no 404, no toolbar). It runs before the service worker's integration, so
// the offline cache lists the index's files too.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

/** Where the index goes inside the build; the search dialog imports `pagefind.js` from there. */
export const searchFolder = 'pagefind';

/**
 * Not shipped: Pagefind's ready-made interfaces (the course has its own dialog), and the search code
 * for pages of no known language (every page is indexed as English).
 */
const notShipped = /^pagefind-(ui|component-ui|modular-ui|highlight)\.(js|css)$|^wasm\.unknown\.pagefind$/;

/**
 * What is not lesson text (controls, progress, download links, recorded timelines' rows) or must not
 * be given away by an excerpt (an exercise's hints and reference solution, kept behind a disclosure).
 */
const notContent = [
  'button',
  'svg',
  '[hidden]',
  '.lesson-links',
  '.lesson-progress',
  '.start',
  '.step-number',
  '.exercise-kind',
  '.race-table',
  '.race-sql',
  '.scale-fill',
  '.exercise-start',
  '.exercise-setup',
  '.exercise-hints-static',
  '.exercise-solution',
  '.exercise-solution-static',
];

/** The introduction and every lesson page, as paths inside the build. */
function lessonPages(root) {
  const lessons = readdirSync(join(root, 'lessons'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `lessons/${entry.name}/index.html`);
  return ['index.html', ...lessons];
}

/** How Pagefind reads a page: the lesson's article, less what is not its text. */
export const indexConfig = {
  rootSelector: 'article.lesson',
  excludeSelectors: notContent,
  forceLanguage: 'en',
};

async function buildIndex(root, logger) {
  const { index, errors } = await pagefind.createIndex(indexConfig);
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const pages = lessonPages(root);
  for (const page of pages) {
    const added = await index.addDirectory({ path: root, glob: page });
    if (added.errors.length > 0 || added.page_count !== 1)
      throw new Error(`Pagefind could not index ${page}: ${added.errors.join('; ') || 'no page found'}`);
  }
  const written = await index.getFiles();
  if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors}`);
  let bytes = 0;
  for (const file of written.files) {
    if (notShipped.test(file.path)) continue;
    const target = join(root, searchFolder, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    bytes += file.content.length;
  }
  logger.info(`search index: ${pages.length} pages, ${Math.round(bytes / 1024)} KB in ${searchFolder}/`);
}

export function searchIndex() {
  return {
    name: 'cqrs-search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        try {
          await buildIndex(fileURLToPath(dir), logger);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
