import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as pagefind from 'pagefind';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { indexConfig } from '../scripts/searchIndex.mjs';
import { countText, excerptSegments, type PagefindPage, searchHits } from '../src/search/searchHits';
import { type KeyPress, nextFocus, opensSearch } from '../src/search/searchKeys';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('the keys that open search', () => {
  test('a slash or Ctrl+K (⌘K) opens search when the reader is not typing', () => {
    expect(opensSearch(press('/'), false)).toBe(true);
    expect(opensSearch(press('k', { ctrlKey: true }), false)).toBe(true);
    expect(opensSearch(press('K', { ctrlKey: true }), false)).toBe(true);
    expect(opensSearch(press('k', { metaKey: true }), false)).toBe(true);
  });

  test('in a field or an editor they are left to it: a slash is a slash there', () => {
    expect(opensSearch(press('/'), true)).toBe(false);
    expect(opensSearch(press('k', { ctrlKey: true }), true)).toBe(false);
  });

  test('other keys and other combinations do not open it', () => {
    for (const other of [
      press('k'),
      press('?', { shiftKey: true }),
      press('/', { ctrlKey: true }),
      press('/', { altKey: true }),
      press('k', { ctrlKey: true, shiftKey: true }),
      press('k', { ctrlKey: true, metaKey: true }),
      press('k', { ctrlKey: true, altKey: true }),
      press('Enter'),
    ])
      expect(opensSearch(other, false), JSON.stringify(other)).toBe(false);
  });

  test('↓ goes from the field into the results and ↑ back; the ends of the list stop there', () => {
    expect(nextFocus('ArrowDown', -1, 3)).toBe(0);
    expect(nextFocus('ArrowDown', 1, 3)).toBe(2);
    expect(nextFocus('ArrowDown', 2, 3)).toBeUndefined();
    expect(nextFocus('ArrowUp', 0, 3)).toBe(-1);
    expect(nextFocus('ArrowUp', -1, 3)).toBeUndefined();
    expect(nextFocus('End', 0, 3)).toBe(2);
    expect(nextFocus('Home', 2, 3)).toBe(0);
    // In the field, Home and End move the caret.
    expect(nextFocus('Home', -1, 3)).toBeUndefined();
    expect(nextFocus('ArrowDown', -1, 0)).toBeUndefined();
  });
});

describe('excerpts and the live count', () => {
  test('an excerpt becomes text pieces with the matches marked, and markup in the text stays text', () => {
    expect(
      excerptSegments('WHERE a &lt;b&gt; 1 AND <mark>lock_timeout</mark> &amp; <mark>search_path</mark>…'),
    ).toEqual([
      { text: 'WHERE a <b> 1 AND ', marked: false },
      { text: 'lock_timeout', marked: true },
      { text: ' &amp; ', marked: false },
      { text: 'search_path', marked: true },
      { text: '…', marked: false },
    ]);
    expect(excerptSegments('&lt;img src=x onerror=alert(1)&gt;')).toEqual([
      { text: '<img src=x onerror=alert(1)>', marked: false },
    ]);
  });

  test('the count says how many places in how many lessons, or that nothing was found', () => {
    const hit = (lesson: string) => ({ href: '/', title: 't', kind: 'step' as const, lesson, excerpt: [] });
    expect(countText([], 'nothing ')).toBe('No results for “nothing”.');
    expect(countText([hit('A')], 'x')).toBe('1 result in 1 lesson.');
    expect(countText([hit('A'), hit('B'), hit('A')], 'x')).toBe('3 results in 2 lessons.');
    expect(countText([], '  ')).toBe('');
  });
});

// Pages written as src/components/Step.astro and Exercise.astro write them, indexed by the real
// Pagefind with the build's own settings, and searched with Pagefind's own browser runtime.
const lessonPage = `<!doctype html><html lang="en"><body>
<nav><a href="/">CQRS in Postgres</a> Not indexed: sidebar lock_timeout</nav>
<article class="lesson">
<header class="lesson-header"><h1>Feature request: usernames</h1>
<p class="lesson-description">Code v1 records a username.</p>
<p class="lesson-links"><a href="/present/usernames/">Present this lesson</a></p></header>
<div class="prose"><h2 id="a-migration-while-v0-keeps-writing">A migration, while v0 keeps writing</h2>
<p><code>lock_timeout</code> makes the migration fail with <code>55P03</code>.</p></div>
<section class="step" id="step-begin-the-migration" aria-labelledby="step-begin-the-migration-title">
<h3 class="step-title" id="step-begin-the-migration-title"><a href="#step-begin-the-migration" class="step-number">Step 1</a>
<span>Begin the migration and lock what it reads</span></h3>
<div class="step-sql"><pre><code>BEGIN;
SET LOCAL lock_timeout = '500ms';
LOCK TABLE user_registered_0 IN SHARE ROW EXCLUSIVE MODE;</code></pre></div></section>
<section class="exercise" id="exercise-pin-the-feeds" aria-labelledby="exercise-pin-the-feeds-title">
<h3 class="exercise-title" id="exercise-pin-the-feeds-title"><span class="exercise-kind">Exercise</span>
<span>Pin the feeds</span></h3>
<p class="exercise-goal"><strong>Goal:</strong> a temporary table cannot take the feeds' writes.</p>
<div class="prose exercise-task"><p>Set the <code>search_path</code> of every feed.</p></div>
<p class="exercise-start">It starts from the database this lesson's steps leave.</p>
<details class="exercise-hints-static"><summary>Hints</summary><ol><li>Try pg_temp_revealed_hint.</li></ol></details>
<details class="exercise-solution-static"><summary>A reference solution</summary>
<pre><code>ALTER FUNCTION f() SET search_path = public, solution_revealed;</code></pre></details>
</section>
<button type="button">Run all steps</button>
</article></body></html>`;

describe('search over pages indexed as the build indexes them', () => {
  const folder = mkdtempSync(join(tmpdir(), 'course-search-'));
  let server: Server;
  let search: (query: string) => Promise<PagefindPage[]>;

  beforeAll(async () => {
    const { index } = await pagefind.createIndex(indexConfig);
    if (!index) throw new Error('Pagefind did not start');
    const added = await index.addHTMLFile({
      sourcePath: 'lessons/usernames/index.html',
      content: lessonPage,
    });
    expect(added.errors).toEqual([]);
    for (const file of (await index.getFiles()).files) {
      const target = join(folder, 'pagefind', file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    await pagefind.close();
    server = createServer((request, response) => {
      try {
        response.end(readFileSync(join(folder, new URL(request.url ?? '/', 'http://x').pathname)));
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const runtime = await import(pathToFileURL(join(folder, 'pagefind', 'pagefind.js')).href);
    // As under `astro build --base /sub/`: the runtime's files are fetched from the server.
    await runtime.options({ basePath: `http://127.0.0.1:${port}/pagefind/`, baseUrl: '/sub/' });
    search = async (query) => {
      const found = await runtime.search(query);
      return Promise.all(found.results.map((result: { data(): Promise<PagefindPage> }) => result.data()));
    };
  });
  afterAll(() => {
    server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('a word in a step’s SQL leads to the step’s own anchor, named by its title, under the base path', async () => {
    const hits = searchHits(await search('lock_timeout'));
    const step = hits.find((hit) => hit.kind === 'step');
    expect(step).toMatchObject({
      href: '/sub/lessons/usernames/#step-begin-the-migration',
      title: 'Begin the migration and lock what it reads',
      lesson: 'Feature request: usernames',
    });
    expect(step?.excerpt.filter((piece) => piece.marked).map((piece) => piece.text)).toEqual([
      'lock_timeout',
    ]);
    // The prose that mentions it is a place of its own, at its heading.
    expect(hits.map((hit) => hit.href)).toContain(
      '/sub/lessons/usernames/#a-migration-while-v0-keeps-writing',
    );
  });

  test('a word in an exercise’s task leads to the exercise', async () => {
    const hits = searchHits(await search('search_path'));
    expect(hits).toEqual([
      expect.objectContaining({
        href: '/sub/lessons/usernames/#exercise-pin-the-feeds',
        kind: 'exercise',
        title: 'Pin the feeds',
      }),
    ]);
  });

  test('hints, reference solutions, controls and the sidebar are not searched', async () => {
    for (const word of ['pg_temp_revealed_hint', 'solution_revealed', 'Present', 'Run', 'CQRS'])
      expect(searchHits(await search(word)), word).toEqual([]);
  });
});
