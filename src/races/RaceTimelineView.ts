import { button, el } from '../ui/dom';
import type { Bar, Timeline } from './timeline';
import './races.css';

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

const width = 720;
const labelWidth = 170;
const laneHeight = 64;
const top = 28;
const shorten = (text: string, chars: number) =>
  text.length > chars ? `${text.slice(0, chars - 1)}…` : text;

/**
 * A race's timeline, stepped one moment at a time (← and →, or the buttons) or played: each
 * session a lane, each action a bar, its wait shown in red with what it waited for, its outcome at
 * its end. The table beside it says the same in words, the current moment marked.
 */
export class RaceTimelineView {
  readonly figure: HTMLElement;
  readonly #timelines: Timeline[];
  #timeline: Timeline;
  #moment: number;
  #playing: ReturnType<typeof setInterval> | undefined;
  readonly #picture = el('div', { className: 'race-picture', attrs: { tabindex: '0', role: 'group' } });
  readonly #said = el('p', { className: 'race-said', attrs: { 'aria-live': 'polite' } });
  readonly #position = el('span', { className: 'race-position' });
  readonly #play: HTMLButtonElement;

  constructor(figure: HTMLElement, timelines: Timeline[]) {
    this.figure = figure;
    this.#timelines = timelines;
    const first = timelines[0];
    if (!first) throw new Error('a race without a recording');
    this.#timeline = first;
    this.#moment = first.moments.length - 1;
    const previous = button('← Previous', () => this.step(-1));
    previous.setAttribute('aria-label', 'Previous moment');
    const next = button('Next →', () => this.step(1));
    next.setAttribute('aria-label', 'Next moment');
    this.#play = button('Play', () => this.#toggle());
    const controls = el('div', { className: 'race-controls' }, previous, next, this.#play, this.#position);
    if (timelines.length > 1) {
      const choose = el('select', { attrs: { 'aria-label': 'Which recording' } });
      for (const [index, timeline] of timelines.entries()) {
        choose.append(
          el('option', { text: `As recorded on ${timeline.server}`, attrs: { value: String(index) } }),
        );
      }
      choose.addEventListener('change', () => {
        this.#timeline = this.#timelines[Number(choose.value)] ?? this.#timeline;
        this.#moment = this.#timeline.moments.length - 1;
        this.#draw();
      });
      controls.append(choose);
    }
    this.#picture.setAttribute(
      'aria-label',
      `Timeline of the race: ${first.title}. Left and right arrows step through it.`,
    );
    this.#picture.addEventListener('keydown', (event) => {
      const moves: Record<string, () => void> = {
        ArrowRight: () => this.step(1),
        ArrowLeft: () => this.step(-1),
        Home: () => this.go(0),
        End: () => this.go(this.#timeline.moments.length - 1),
      };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      move();
    });
    figure.querySelector('.race-static-note')?.remove();
    figure.querySelector('figcaption')?.after(this.#picture, this.#said, controls);
    this.#draw();
  }

  /** The moment shown, 0-based. */
  get moment(): number {
    return this.#moment;
  }

  get moments(): number {
    return this.#timeline.moments.length;
  }

  /** Moves by `delta` moments; false at either end. */
  step(delta: number): boolean {
    const next = this.#moment + delta;
    if (next < 0 || next >= this.#timeline.moments.length) return false;
    this.go(next);
    return true;
  }

  go(moment: number): void {
    this.#moment = Math.max(0, Math.min(moment, this.#timeline.moments.length - 1));
    this.#draw();
    this.#said.textContent = this.#timeline.moments[this.#moment]?.text ?? '';
  }

  #toggle() {
    if (this.#playing) {
      clearInterval(this.#playing);
      this.#playing = undefined;
      this.#play.textContent = 'Play';
      return;
    }
    if (this.#moment >= this.#timeline.moments.length - 1) this.go(0);
    this.#play.textContent = 'Pause';
    this.#playing = setInterval(() => {
      if (!this.step(1)) this.#toggle();
    }, 900);
  }

  #draw() {
    const timeline = this.#timeline;
    const now = timeline.moments[this.#moment]?.at ?? 0;
    const x = (ms: number) => labelWidth + (ms / timeline.duration) * (width - labelWidth - 20);
    const height = top + timeline.lanes.length * laneHeight + 8;
    const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'race-svg', 'aria-hidden': 'true' });
    root.append(
      svg('text', { x: labelWidth, y: 16, class: 'race-axis' }, '0 ms'),
      svg(
        'text',
        { x: width - 20, y: 16, 'text-anchor': 'end', class: 'race-axis' },
        `${Math.round(timeline.duration)} ms`,
      ),
    );
    for (const [index, lane] of timeline.lanes.entries()) {
      const y = top + index * laneHeight;
      const group = svg('g', { 'data-lane': lane.id, class: 'race-lane' });
      group.append(
        svg('rect', { x: 0, y, width, height: laneHeight - 6, class: 'race-lane-bg' }),
        svg('text', { x: 8, y: y + laneHeight / 2, class: 'race-lane-label' }, shorten(lane.label, 24)),
      );
      for (const bar of timeline.bars.filter((item) => item.lane === lane.id))
        this.#bar(group, bar, y, x, now);
      root.append(group);
    }
    root.append(svg('line', { x1: x(now), x2: x(now), y1: top - 4, y2: height - 4, class: 'race-now' }));
    this.#picture.replaceChildren(root);
    // A label that would run past the drawing's right edge, where it is clipped, ends at the edge.
    for (const label of root.querySelectorAll<SVGTextElement>('text')) {
      const box = label.getBBox();
      if (box.width > 0 && box.x + box.width > width) {
        label.setAttribute('x', String(width - 2));
        label.setAttribute('text-anchor', 'end');
      }
    }
    this.#position.textContent = `Moment ${this.#moment + 1} of ${timeline.moments.length}`;
    for (const [index, row] of this.figure.querySelectorAll<HTMLElement>('.race-table tbody tr').entries()) {
      if (index === this.#moment) row.setAttribute('aria-current', 'step');
      else row.removeAttribute('aria-current');
      row.classList.toggle('race-future', index > this.#moment);
    }
  }

  #bar(group: SVGGElement, bar: Bar, y: number, x: (ms: number) => number, now: number) {
    if (bar.moments.start > this.#moment) return;
    const ended = bar.moments.end !== undefined && bar.moments.end <= this.#moment;
    const end = ended ? bar.end : now;
    const barY = y + 10;
    group.append(
      svg('rect', {
        x: x(bar.start),
        y: barY,
        width: Math.max(3, x(end) - x(bar.start)),
        height: 22,
        class: 'race-bar',
        'data-action': bar.action,
      }),
    );
    if (bar.wait && bar.moments.wait !== undefined && bar.moments.wait <= this.#moment) {
      group.append(
        svg('rect', {
          x: x(bar.wait.from),
          y: barY,
          width: Math.max(3, x(end) - x(bar.wait.from)),
          height: 22,
          class: 'race-wait',
        }),
        svg(
          'text',
          { x: x(bar.wait.from) + 4, y: barY + 38, class: 'race-wait-label' },
          `waits: ${shorten(bar.wait.lock, 40)}`,
        ),
      );
    }
    group.append(
      svg('text', { x: x(bar.start) + 4, y: barY + 15, class: 'race-bar-label' }, shorten(bar.what, 28)),
    );
    if (ended) {
      group.append(
        svg(
          'text',
          { x: x(end) + 4, y: barY - 2, class: bar.outcome === 'ok' ? 'race-ok' : 'race-failed' },
          bar.outcome === 'ok' ? `✓ ${shorten(bar.said, 16)}` : `✗ ${bar.outcome}`,
        ),
      );
    }
  }
}
