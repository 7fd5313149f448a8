import type { ScaleResult } from '../engine/measureMigration';
import type { ScaleRequest } from '../engine/runScaleDemo';
import { button, el } from '../ui/dom';
import { type Chart, chartOf, type WaitPoint } from './chart';
import type { ScaleClient } from './ScaleClient';
import './scale.css';

/** What the page knows of the demo: sizes to offer, and the SQL to fill and migrate with. */
export interface ScaleDemoData {
  sizes: number[];
  fill: string;
  migrations: ScaleRequest['migrations'];
}

const svgNs = 'http://www.w3.org/2000/svg';
function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  text?: string,
) {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}
const ms = (value: number) =>
  value >= 1000
    ? `${(value / 1000).toFixed(2)} s`
    : value >= 10
      ? `${Math.round(value)} ms`
      : `${value.toFixed(1)} ms`;
const variantName = { locked: 'Locked migration', online: 'Online migration' };

/**
 * The scale demo: pick a history size, fill a copy, run both migrations, and see how long each
 * held locks that writes wait for, as a chart of wait against history and a table of the same.
 */
export class ScaleDemoView {
  readonly #data: ScaleDemoData;
  readonly #client: ScaleClient;
  readonly #points: WaitPoint[] = [];
  readonly #results: ScaleResult[] = [];
  readonly #size: HTMLSelectElement;
  readonly #start: HTMLButtonElement;
  readonly #stop: HTMLButtonElement;
  readonly #progress = el('progress', { attrs: { max: '1', value: '0', 'aria-label': 'Progress' } });
  readonly #status = el('p', { className: 'scale-status', attrs: { role: 'status' } });
  readonly #chart = el('figure', { className: 'scale-chart' });
  readonly #table = el('div', { className: 'scale-table', attrs: { tabindex: '0', role: 'region' } });

  constructor(section: HTMLElement, data: ScaleDemoData, client: ScaleClient) {
    this.#data = data;
    this.#client = client;
    const id = 'scale-size';
    this.#size = el('select', { attrs: { id } });
    for (const size of data.sizes) {
      this.#size.append(
        el('option', { text: `${size.toLocaleString('en')} users`, attrs: { value: String(size) } }),
      );
    }
    this.#start = button(
      'Fill a copy and measure both migrations',
      () => void this.run(),
      'button button-primary',
    );
    this.#stop = button('Stop', () => this.#client.stop());
    this.#stop.hidden = true;
    this.#progress.hidden = true;
    this.#table.setAttribute('aria-label', 'The measurements, as a table');
    section.querySelector('.scale-demo-static')?.remove();
    section.append(
      el(
        'div',
        { className: 'scale-controls' },
        el('label', { text: 'History', attrs: { for: id } }),
        this.#size,
        this.#start,
        this.#stop,
      ),
      this.#progress,
      this.#status,
      this.#chart,
      this.#table,
    );
    this.#draw();
  }

  /** Fills a copy with the chosen number of users, runs both migrations on it, and adds the figures. */
  async run(): Promise<void> {
    const users = Number(this.#size.value);
    this.#start.disabled = true;
    this.#stop.hidden = false;
    this.#progress.hidden = false;
    this.#progress.removeAttribute('value');
    this.#say(`Opening a copy of this lesson's database for ${users.toLocaleString('en')} users…`);
    const outcome = await this.#client.run(
      { users, fill: this.#data.fill, migrations: this.#data.migrations },
      (message, done, total) => {
        this.#say(message);
        if (done !== undefined && total) {
          this.#progress.max = total;
          this.#progress.value = done;
        } else {
          this.#progress.removeAttribute('value');
        }
      },
    );
    this.#start.disabled = false;
    this.#stop.hidden = true;
    this.#progress.hidden = true;
    if (outcome.kind === 'stopped') {
      this.#say('Stopped. The copy was thrown away; your own database was never touched.');
      return;
    }
    if (outcome.kind === 'failed') {
      this.#say(`The demo could not finish: ${outcome.message}. Your own database was not touched.`);
      return;
    }
    for (const result of outcome.results) {
      const earlier = this.#points.findIndex(
        (point) => point.variant === result.variant && point.users === users,
      );
      if (earlier >= 0) this.#points.splice(earlier, 1);
      this.#points.push({ variant: result.variant, users, ms: result.longestBlockMs });
      this.#results.push(result);
    }
    const [locked, online] = outcome.results;
    this.#say(
      `${users.toLocaleString('en')} users: the locked migration held writes back for ${ms(locked?.longestBlockMs ?? 0)}, the online one for at most ${ms(online?.longestBlockMs ?? 0)} at a time.`,
    );
    this.#draw();
  }

  #say(message: string) {
    this.#status.textContent = message;
  }

  #draw() {
    const chart = chartOf(this.#points, this.#data.sizes, 400, 240);
    this.#chart.replaceChildren(
      this.#svg(chart),
      el('figcaption', {
        text: 'Longest time a write would have waited, against the size of history (both scales logarithmic). Measured in this page as how long each migration held a lock that writes wait for.',
      }),
    );
    const rows = [...this.#results].sort((a, b) => a.users - b.users || a.variant.localeCompare(b.variant));
    const head = ['Users', 'Migration', 'Longest a write would wait', 'Whole migration'];
    const body = el('tbody');
    for (const result of rows) {
      body.append(
        el(
          'tr',
          {},
          el('td', { text: result.users.toLocaleString('en') }),
          el('td', { text: variantName[result.variant] }),
          el('td', { text: ms(result.longestBlockMs) }),
          el('td', { text: ms(result.totalMs) }),
        ),
      );
    }
    if (rows.length === 0) {
      body.append(
        el('tr', {}, el('td', { text: 'Nothing measured yet.', attrs: { colspan: String(head.length) } })),
      );
    }
    const table = el(
      'table',
      {},
      el('caption', { text: 'Each migration, measured on a copy in this page' }),
      el('thead', {}, el('tr', {}, ...head.map((text) => el('th', { text, attrs: { scope: 'col' } })))),
      body,
    );
    this.#table.replaceChildren(table, ...this.#latest());
  }

  /** What each transaction of the latest run held, for those who want to see why. */
  #latest(): HTMLElement[] {
    const last = this.#results.slice(-2);
    if (last.length === 0) return [];
    const list = el('ul', { className: 'scale-holds' });
    for (const result of last) {
      const item = el(
        'li',
        {},
        el('strong', { text: `${variantName[result.variant]}, ${result.users.toLocaleString('en')} users` }),
      );
      const holds = el('ul');
      for (const hold of result.holds) {
        const what =
          hold.blocking.length > 0
            ? `held ${hold.blocking.join(', ')}: writes wait`
            : hold.measured
              ? 'nothing writes wait for'
              : (hold.note ?? '');
        holds.append(el('li', {}, el('code', { text: hold.what }), ` ${ms(hold.ms)}, ${what}`));
      }
      item.append(holds);
      list.append(item);
    }
    return [
      el(
        'details',
        { className: 'scale-details' },
        el('summary', { text: 'What each transaction of the latest run held' }),
        list,
      ),
    ];
  }

  #svg(chart: Chart): SVGSVGElement {
    const root = svg('svg', {
      viewBox: `0 0 ${chart.width} ${chart.height}`,
      class: 'scale-svg',
      role: 'img',
      'aria-label': 'Chart of the longest write wait against history; the table below says the same.',
    });
    const left = chart.xTicks[0]?.x ?? 0;
    const right = chart.xTicks.at(-1)?.x ?? chart.width;
    for (const tick of chart.yTicks) {
      root.append(
        svg('line', { x1: left - 6, x2: right, y1: tick.y, y2: tick.y, class: 'scale-grid' }),
        svg('text', { x: left - 10, y: tick.y + 4, 'text-anchor': 'end', class: 'scale-tick' }, tick.label),
      );
    }
    const bottom = Math.max(...chart.yTicks.map((tick) => tick.y));
    for (const tick of chart.xTicks) {
      root.append(
        svg('line', { x1: tick.x, x2: tick.x, y1: bottom, y2: bottom + 6, class: 'scale-axis' }),
        svg('text', { x: tick.x, y: bottom + 22, 'text-anchor': 'middle', class: 'scale-tick' }, tick.label),
      );
    }
    for (const series of chart.series) {
      const group = svg('g', {
        class: `scale-series scale-${series.variant}`,
        'data-variant': series.variant,
      });
      if (series.path) group.append(svg('path', { d: series.path }));
      for (const dot of series.dots) {
        group.append(svg('circle', { cx: dot.x, cy: dot.y, r: 5 }), svg('title', {}, dot.label));
      }
      const last = series.dots.at(-1);
      if (last) {
        group.append(svg('text', { x: last.x + 10, y: last.y + 4, class: 'scale-label' }, series.variant));
      }
      root.append(group);
    }
    return root;
  }
}
