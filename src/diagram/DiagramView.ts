import type { Catalog } from '../engine/catalog';
import { activitySentence, describeRows, summarize } from './describe';
import { layoutDiagram } from './layout';
import { type Activity, buildDiagram, type Diagram, focusOnActivity } from './model';
import { renderSvg } from './renderSvg';
import './diagram.css';

export interface DiagramViewOptions {
  /** `live` draws the whole schema; `run` only what one run touched. */
  mode: 'live' | 'run';
  caption: string;
}

/**
 * A figure with the diagram as SVG and the same facts as a table (collapsed, for anyone who wants
 * it; screen readers get the figure's name and can open it). Redraws when its width changes.
 */
export class DiagramView {
  readonly element: HTMLElement;
  readonly #options: DiagramViewOptions;
  readonly #picture: HTMLElement;
  readonly #table: HTMLElement;
  readonly #caption: HTMLElement;
  #diagram: Diagram | undefined;
  #width = 0;

  constructor(options: DiagramViewOptions) {
    this.#options = options;
    this.element = document.createElement('figure');
    this.element.className = `diagram diagram-mode-${options.mode}`;
    this.#caption = document.createElement('figcaption');
    this.#picture = document.createElement('div');
    this.#picture.className = 'diagram-picture';
    const details = document.createElement('details');
    details.className = 'diagram-details';
    const summary = document.createElement('summary');
    summary.textContent = 'The diagram as a table';
    this.#table = document.createElement('div');
    this.#table.className = 'table-scroll';
    // A table wider than the screen scrolls; keyboard users need to reach it to scroll it.
    this.#table.tabIndex = 0;
    this.#table.setAttribute('role', 'region');
    this.#table.setAttribute('aria-label', 'The diagram as a table');
    details.append(summary, this.#table);
    this.element.append(this.#caption, this.#picture, details);
    new ResizeObserver(() => this.#draw()).observe(this.#picture);
  }

  /** Draws the schema in `catalog`, highlighting `activity`. Returns false when there is nothing to show. */
  show(catalog: Catalog, activity?: Activity): boolean {
    const whole = buildDiagram(catalog, activity);
    this.#diagram = this.#options.mode === 'run' ? focusOnActivity(whole) : whole;
    const empty = this.#diagram.tables.length === 0;
    this.element.hidden = empty;
    const said =
      this.#options.mode === 'run' ? `${activitySentence(this.#diagram)}.` : summarize(this.#diagram);
    this.#caption.textContent = `${this.#options.caption} ${said}`;
    this.#width = 0;
    this.#draw();
    this.#drawTable();
    return !empty;
  }

  #draw() {
    const width = Math.round(this.#picture.clientWidth);
    if (!this.#diagram || width === 0 || Math.abs(width - this.#width) < 8) return;
    this.#width = width;
    const layout = layoutDiagram(this.#diagram, width, this.#options.mode === 'live');
    this.#picture.replaceChildren(renderSvg(layout, summarize(this.#diagram)));
  }

  #drawTable() {
    const table = document.createElement('table');
    const head = document.createElement('tr');
    for (const label of ['Table', 'Kind', 'Triggers', 'This run']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = label;
      head.append(th);
    }
    const thead = document.createElement('thead');
    thead.append(head);
    const body = document.createElement('tbody');
    for (const row of describeRows(this.#diagram ?? buildDiagram({ tables: [], triggers: [] }))) {
      const tr = document.createElement('tr');
      for (const value of row) {
        const td = document.createElement('td');
        td.textContent = value;
        tr.append(td);
      }
      body.append(tr);
    }
    table.append(thead, body);
    this.#table.replaceChildren(table);
  }
}
