import type { EngineClient } from '../client/EngineClient';
import { judge } from '../engine/judge';
import { RaceTimelineView } from '../races/RaceTimelineView';
import type { Timeline } from '../races/timeline';
import { el } from '../ui/dom';
import { compactResult } from './compactResult';
import type { Interlude, InterludeData } from './interlude';
import type { PresenterDom } from './presenterDom';
import { reportOf, type StepReport, stoppedReport } from './report';

/** What the interludes need from the audience window around them. */
export interface InterludeHost {
  dom: Pick<PresenterDom, 'slide' | 'interludeSections' | 'tryBox' | 'tryItems'>;
  data: InterludeData;
  engine: EngineClient;
  announce(text: string): void;
  /** Tells the speaker window what is on screen now. */
  broadcast(): void;
  /** True when a step of the lesson has not run yet. */
  stepsPending(): boolean;
  /** Runs every step of the lesson not run yet; false when one was stopped. */
  runAllSteps(): Promise<boolean>;
}

/**
 * A race or the code versions, on the whole slide instead of the step: a race stepped one moment
 * per key press, the versions one suggestion tried per key press.
 */
export class InterludeView {
  /** What is on the slide instead of the step; null shows the step. */
  current: Interlude | null = null;
  /** How many of the versions' suggestions have been tried since the database's start. */
  #tried = 0;
  #races = new Map<number, RaceTimelineView>();
  #host: InterludeHost;

  constructor(host: InterludeHost) {
    this.#host = host;
  }

  /** What the speaker window says is on screen instead of the step, and what → does there. */
  text(): string {
    const { races, tries } = this.#host.data;
    if (this.current?.kind === 'race') {
      const race = this.#races.get(this.current.race);
      const at = race ? `, moment ${race.moment + 1} of ${race.moments}` : '';
      return `race ${this.current.race + 1} of ${races.length} on screen${at} (→ next moment, Esc back to the step)`;
    }
    if (this.current?.kind === 'versions')
      return `code versions on screen, ${this.#tried} of ${tries.length} suggestions tried (→ tries the next, Esc back to the step)`;
    return '';
  }

  /** Hides the step or the interludes, whichever is not current. */
  show(): void {
    const { slide, interludeSections } = this.#host.dom;
    const current = this.current;
    slide.hidden = !!current;
    for (const section of interludeSections) {
      section.hidden =
        current?.kind === 'race'
          ? section.dataset['raceIndex'] !== String(current.race)
          : current?.kind !== 'versions' || !section.classList.contains('present-versions');
    }
  }

  /** The race drawn in its section, made on first use (once on screen, where its labels can be measured). */
  race(index: number): RaceTimelineView | undefined {
    const known = this.#races.get(index);
    if (known) return known;
    const section = this.#host.dom.interludeSections.find(
      (item) => item.dataset['raceIndex'] === String(index),
    );
    const figure = section?.querySelector<HTMLElement>('figure[data-race]');
    if (!figure) return undefined;
    const timelines = JSON.parse(figure.querySelector('script.race-data')?.textContent ?? '[]') as Timeline[];
    if (timelines.length === 0) return undefined;
    const made = new RaceTimelineView(figure, timelines);
    made.go(0);
    this.#races.set(index, made);
    return made;
  }

  /** What to announce when an interlude has just opened on screen; '' when it was closed. */
  opened(): string {
    const { races, tries } = this.#host.data;
    if (this.current?.kind === 'race') {
      const race = this.race(this.current.race);
      return `Race ${this.current.race + 1} of ${races.length}, moment 1 of ${race?.moments ?? 0}: → for each next moment, Esc for the step.`;
    }
    if (this.current?.kind === 'versions')
      return this.#tried < tries.length
        ? `The code versions: → tries suggestion ${this.#tried + 1} of ${tries.length}.`
        : 'The code versions: every suggestion has been tried.';
    return '';
  }

  /** → or ← in an interlude: one moment of the race, or one suggestion tried. */
  async step(by: 1 | -1): Promise<void> {
    const { announce, broadcast } = this.#host;
    if (this.current?.kind === 'race') {
      const race = this.race(this.current.race);
      if (race && !race.step(by))
        announce(
          by === 1
            ? 'That was the last moment of this race: T for the next race, Esc for the step.'
            : 'This is the first moment of the race.',
        );
      broadcast();
    } else if (this.current?.kind === 'versions') {
      if (by === 1) await this.#tryNext();
      else announce('A try cannot be taken back: R resets the database; Esc goes back to the step.');
    }
  }

  /** Clears what the suggestions tried, once the database they ran on is gone. */
  forgetTries(): void {
    this.#tried = 0;
    for (const item of this.#host.dom.tryItems) {
      delete item.dataset['tried'];
      item.removeAttribute('aria-current');
    }
    this.#host.dom.tryBox?.replaceChildren(
      el('p', { className: 'present-hint', text: 'Press → to try the first suggestion.' }),
    );
  }

  /** The next suggestion of the versions, sent as its version's server sends it, after the steps. */
  async #tryNext(): Promise<void> {
    const { dom, data, announce } = this.#host;
    const index = this.#tried;
    const item = data.tries[index];
    if (!item || !dom.tryBox) {
      announce('Every suggestion has been tried. R resets the database to try them again; Esc for the step.');
      return;
    }
    const waiting = el('p', { className: 'present-hint', text: 'Running…' });
    dom.tryBox.replaceChildren(
      el('p', { className: 'present-try-title', text: `${index + 1}. ${item.title}` }),
      el('p', { className: 'present-try-sender', text: `${item.sender} sends:` }),
      el('pre', { className: 'present-try-sql', text: item.sql }),
      waiting,
    );
    dom.tryItems.forEach((element, position) => {
      if (position === index) element.setAttribute('aria-current', 'step');
      else element.removeAttribute('aria-current');
    });
    if (this.#host.stepsPending()) waiting.textContent = 'Running the lesson’s steps first…';
    const report = await this.#send(index);
    waiting.replaceWith(compactResult(report));
    const element = dom.tryItems[index];
    if (element) element.dataset['tried'] = report.verdict?.pass ? 'pass' : 'fail';
    announce(`${item.title}: ${report.verdict?.message ?? report.stopped?.[0] ?? ''}`);
    this.#host.broadcast();
  }

  /** Suggestion `index` run after the lesson's steps, and judged. */
  async #send(index: number): Promise<StepReport> {
    const { data, engine } = this.#host;
    const item = data.tries[index];
    if (!item) return { changes: [] };
    if (!(await this.#host.runAllSteps()))
      return { changes: [], stopped: ['A step of the lesson could not run: Esc, and see its result.'] };
    const reply = await engine.run(item.sql, { kind: 'panel', version: item.version, action: item.action });
    this.#tried = index + 1;
    if (reply.kind !== 'done') return stoppedReport(reply, engine.timeoutMs);
    const observed = await reply.observed;
    return reportOf(
      reply.outcome,
      judge(item.expect, reply.outcome.result),
      observed?.observation.changes ?? [],
    );
  }
}
