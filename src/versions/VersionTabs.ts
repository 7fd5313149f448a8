import { el } from '../ui/dom';

/** Where two panels side by side no longer fit: the same width the page's layout folds at. */
const narrow = '(max-width: 48rem)';

/**
 * On a narrow screen, the version panels as tabs: one panel at a time, each keeping what it last
 * sent and got back, so two versions are compared by switching between them instead of scrolling
 * between panels stacked one under the other. On a wide screen the panels stay side by side.
 */
export class VersionTabs {
  readonly #tablist = el('div', {
    className: 'version-tabs',
    attrs: { role: 'tablist', 'aria-label': 'Code versions' },
  });
  readonly #tabs: HTMLButtonElement[] = [];
  readonly #panels: HTMLElement[];
  readonly #narrow = window.matchMedia(narrow);
  #selected = 0;

  constructor(list: HTMLElement) {
    this.#panels = [...list.querySelectorAll<HTMLElement>('.version-panel')];
    if (this.#panels.length < 2) return;
    this.#panels.forEach((panel, index) => {
      const version = panel.dataset['version'] ?? String(index);
      panel.id = `version-panel-${version}`;
      const title = panel.querySelector('h3')?.textContent?.trim() ?? version;
      const tab = el('button', {
        className: 'version-tab',
        text: title,
        attrs: { type: 'button', role: 'tab', id: `version-tab-${version}`, 'aria-controls': panel.id },
      });
      tab.addEventListener('click', () => this.#select(index));
      tab.addEventListener('keydown', (event) => this.#key(event, index));
      this.#tabs.push(tab);
      this.#tablist.append(tab);
    });
    list.before(this.#tablist);
    this.#narrow.addEventListener('change', () => this.#show());
    this.#show();
  }

  /** Brings a version's panel to the front, on a narrow screen; elsewhere every panel is in view. */
  select(version: string): void {
    const index = this.#panels.findIndex((panel) => panel.dataset['version'] === version);
    if (index >= 0) this.#select(index);
  }

  #select(index: number, focus = false) {
    this.#selected = index;
    this.#show();
    if (focus) this.#tabs[index]?.focus();
  }

  /** Arrow keys, Home and End move between tabs, as the ARIA tabs pattern has it. */
  #key(event: KeyboardEvent, index: number) {
    const last = this.#tabs.length - 1;
    const to: Record<string, number> = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    };
    const next = to[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.#select(next, true);
  }

  #show() {
    const tabbed = this.#narrow.matches;
    this.#tablist.hidden = !tabbed;
    this.#panels.forEach((panel, index) => {
      const chosen = index === this.#selected;
      if (tabbed) {
        panel.setAttribute('role', 'tabpanel');
        panel.hidden = !chosen;
      } else {
        panel.removeAttribute('role');
        panel.hidden = false;
      }
    });
    this.#tabs.forEach((tab, index) => {
      const chosen = index === this.#selected;
      tab.setAttribute('aria-selected', String(chosen));
      tab.tabIndex = chosen ? 0 : -1;
    });
  }
}
