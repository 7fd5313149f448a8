import type { PagefindPage } from './searchHits';

/** The part of Pagefind's browser runtime (`pagefind.js`, written by the build) used here. */
interface PagefindRuntime {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(query: string): Promise<{ results: { data(): Promise<PagefindPage> }[] } | null>;
}

/**
 * The course's search index: Pagefind's runtime, loaded from the build on first use (a few tens of
 * KB; it loads the parts of the index a query needs as it goes, in a worker of its own).
 */
export class PagefindIndex {
  readonly #url: string;
  #runtime: Promise<PagefindRuntime> | undefined;

  /** @param url where the build put `pagefind.js`, base path included */
  constructor(url: string) {
    this.#url = url;
  }

  load(): Promise<PagefindRuntime> {
    if (!this.#runtime) {
      const loading = (import(/* @vite-ignore */ this.#url) as Promise<PagefindRuntime>).then(
        async (runtime) => {
          await runtime.options({ excerptLength: 24, excerptEllipsis: '…' });
          await runtime.init();
          return runtime;
        },
      );
      this.#runtime = loading;
      // Offline before the site was cached, say: the next search tries again.
      loading.catch(() => {
        if (this.#runtime === loading) this.#runtime = undefined;
      });
    }
    return this.#runtime;
  }

  /** The best `pages` pages for a query, with their places and excerpts. */
  async search(query: string, pages = 8): Promise<PagefindPage[]> {
    const runtime = await this.load();
    const found = await runtime.search(query);
    return Promise.all((found?.results ?? []).slice(0, pages).map((result) => result.data()));
  }
}
