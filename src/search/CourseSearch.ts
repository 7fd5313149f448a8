import { PagefindIndex } from './PagefindIndex';
import { renderHits } from './renderHits';
import { countText, searchHits } from './searchHits';
import { nextFocus, opensSearch } from './searchKeys';

/** Where a followed result leads on another page, so that page can focus it once it has loaded. */
const landingKey = 'course-search-landing';

const unavailable =
  'Search could not load its index. Offline, search works once the course has been visited online.';

/** Whether the reader is typing: in a field, a code editor or anything editable. */
const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || !!target.closest('input, textarea, select, .cm-editor'));

/**
 * <course-search data-index="…/pagefind/pagefind.js">: the header's search button and its dialog
 * (markup in src/components/Search.astro). `/` or Ctrl+K opens it, Escape closes it, and focus goes
 * back where it was, unless a result on this page was followed: then it goes to that step.
 */
class CourseSearch extends HTMLElement {
  #index = new PagefindIndex('');
  #dialog = document.createElement('dialog');
  #field = document.createElement('input');
  #count = document.createElement('p');
  #list = document.createElement('ul');
  #opener: HTMLElement | null = null;
  #returnFocus = true;
  #ticket = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #started = false;
  /** The query whose results are listed, so Enter typed before they arrive waits for them. */
  #listed = '';

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    const part = <T extends Element>(selector: string): T => {
      const node = this.querySelector<T>(selector);
      if (!node) throw new Error(`<course-search> has no ${selector}`);
      return node;
    };
    this.#index = new PagefindIndex(this.dataset['index'] ?? '');
    this.#dialog = part('dialog');
    this.#field = part('input');
    this.#count = part('.search-count');
    this.#list = part('.search-results');
    part('.search-open').addEventListener('click', () => this.open());
    part('.search-close').addEventListener('click', () => this.#dialog.close());
    part('form').addEventListener('submit', (event) => void this.#submit(event));
    this.#field.addEventListener('input', () => this.#schedule());
    this.#list.addEventListener('click', (event) => this.#follow(event));
    this.#dialog.addEventListener('keydown', (event) => this.#keys(event));
    this.#dialog.addEventListener('close', () => this.#closed());
    // A click on the backdrop (the dialog itself, outside its content) closes it.
    this.#dialog.addEventListener('click', (event) => {
      if (event.target === this.#dialog) this.#dialog.close();
    });
    document.addEventListener('keydown', (event) => this.#shortcut(event));
    // Leaving for another lesson: the page kept for the Back button shows no open dialog.
    window.addEventListener('pagehide', () => {
      this.#returnFocus = false;
      this.#dialog.close();
    });
    this.#arrived();
  }

  /** Arriving from a result on another page: the browser scrolled to the place; focus it too. */
  #arrived(): void {
    let landing: string | null = null;
    try {
      landing = sessionStorage.getItem(landingKey);
      sessionStorage.removeItem(landingKey);
    } catch {
      // Storage refused: the browser's own scroll to the anchor is all there is.
    }
    if (landing && landing === window.location.pathname + window.location.hash)
      this.#land(window.location.hash);
  }

  open(): void {
    if (this.#dialog.open) return;
    this.#opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.#returnFocus = true;
    this.#dialog.showModal();
    this.#field.focus();
    this.#field.select();
    // Fetch the runtime while the reader types; a failure is told when a search needs it.
    this.#index.load().catch(() => undefined);
  }

  #shortcut(event: KeyboardEvent): void {
    if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
    if (!opensSearch(event, typingIn(event.target))) return;
    event.preventDefault();
    this.open();
  }

  #closed(): void {
    if (this.#returnFocus && this.#opener?.isConnected) this.#opener.focus({ preventScroll: true });
    this.#opener = null;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#search(), 120);
  }

  async #search(): Promise<void> {
    const query = this.#field.value.trim();
    const ticket = ++this.#ticket;
    let text = '';
    let items: HTMLLIElement[] = [];
    if (query) {
      try {
        const hits = searchHits(await this.#index.search(query));
        items = renderHits(hits);
        text = countText(hits, query);
      } catch {
        text = unavailable;
      }
    }
    // A later query has been typed meanwhile: its answer is the one to show.
    if (ticket !== this.#ticket) return;
    this.#listed = query;
    this.#list.replaceChildren(...items);
    this.#list.hidden = items.length === 0;
    this.#count.textContent = text;
  }

  /** Enter in the field follows the first result, once the results for what is typed are in. */
  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.#listed !== this.#field.value.trim()) {
      clearTimeout(this.#timer);
      await this.#search();
    }
    this.#list.querySelector('a')?.click();
  }

  #keys(event: KeyboardEvent): void {
    // Chromium's search field would take the first Escape to clear itself: it closes the dialog.
    if (event.key === 'Escape') {
      event.preventDefault();
      this.#dialog.close();
      return;
    }
    const links = [...this.#list.querySelectorAll('a')];
    const focused = document.activeElement;
    const current = focused === this.#field ? -1 : links.indexOf(focused as HTMLAnchorElement);
    if (focused !== this.#field && current < 0) return;
    const next = nextFocus(event.key, current, links.length);
    if (next === undefined) return;
    event.preventDefault();
    (next < 0 ? this.#field : links[next])?.focus();
  }

  #follow(event: MouseEvent): void {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)
      return;
    this.#returnFocus = false;
    const target = new URL(link.href);
    if (target.pathname !== window.location.pathname) {
      try {
        sessionStorage.setItem(landingKey, target.pathname + target.hash);
      } catch {
        // Storage refused: the next page still scrolls to the place, without focusing it.
      }
      return;
    }
    event.preventDefault();
    this.#dialog.close();
    this.#land(target.hash);
  }

  /** On this page: scroll to the place (the lesson's title for the lesson itself) and focus it. */
  #land(hash: string): void {
    const place = hash
      ? document.getElementById(decodeURIComponent(hash.slice(1)))
      : document.querySelector<HTMLElement>('main h1');
    if (!hash && window.location.hash) window.history.pushState(null, '', window.location.pathname);
    if (!hash || window.location.hash === hash) place?.scrollIntoView({ block: 'start' });
    else window.location.hash = hash;
    if (!place) return;
    if (!place.hasAttribute('tabindex')) place.setAttribute('tabindex', '-1');
    place.focus({ preventScroll: true });
  }
}

if (!customElements.get('course-search')) customElements.define('course-search', CourseSearch);
