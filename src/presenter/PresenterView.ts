import { activityOf } from '../client/activity';
import { createEngine, type EngineData } from '../client/createEngine';
import type { EngineClient } from '../client/EngineClient';
import type { StepData } from '../client/StepController';
import { DiagramView } from '../diagram/DiagramView';
import { judge } from '../engine/judge';
import { el } from '../ui/dom';
import { PresenterChannel, type PresenterMessage } from './channel';
import { compactResult } from './compactResult';
import { InterludeView } from './InterludeView';
import { type Interlude, type InterludeData, nextRace } from './interlude';
import { type Command, keyHelp, type Limits, noPrompt, type Prompt, press, promptText } from './keys';
import { positionHash, readPosition } from './position';
import { back, close, forward, goTo, type Presentation, ranUpTo, reset, start, zoomBy } from './presentation';
import { hangWrappedLines, type PresenterDom, presenterDom } from './presenterDom';
import { reportOf, type StepReport, stoppedReport } from './report';
import {
  baseSize,
  diagramScale,
  evidenceLayout,
  pageTarget,
  revealTarget,
  scrollTarget,
  type View,
} from './slideLayout';
import { enterLesson, TalkStore } from './talkClock';
import './presenter.css';

export interface PresentData {
  lesson: string;
  steps: StepData[];
  engine: EngineData;
  /** Presenter URLs of the lessons with steps, in order: keys 1–9. */
  lessons: { slug: string; title: string; url: string }[];
  interludes: InterludeData;
}

/** Commands that only change how the slide looks: done at once, even while a step runs. */
const instant = new Set<Command['kind']>([
  'scroll',
  'diagram',
  'zoom',
  'highlight',
  'blank',
  'help',
  'close',
  'race',
  'versions',
]);

/**
 * The audience window: one step at a time in large type, its expectation and result, the diagram
 * beside or below them. A long step scrolls and pages; nothing is shrunk to fit. Driven from the
 * keyboard, here or from the speaker window; where it is lives in the URL.
 */
export function startPresenter(root: HTMLElement): void {
  new Presenter(root).begin();
}

class Presenter {
  #dom: PresenterDom;
  #data: PresentData;
  #engine: EngineClient;
  #channel: PresenterChannel;
  #interludes: InterludeView;
  #state: Presentation;
  #prompt: Prompt = noPrompt;
  /** Set while earlier steps are replayed to reach a step: said where the result will be. */
  #replaying = '';
  #reports = new Map<number, StepReport>();
  /** Runs happen one after another; what only changes the look happens at once. */
  #busy = Promise.resolve();

  constructor(root: HTMLElement) {
    this.#data = JSON.parse(root.querySelector('script.present-data')?.textContent ?? '{}') as PresentData;
    this.#dom = presenterDom(root);
    hangWrappedLines(root);
    this.#state = start(this.#data.steps.length);
    this.#engine = createEngine(this.#data.engine);
    this.#channel = new PresenterChannel((message: PresenterMessage) => {
      if (message.type === 'command') void this.perform(message.command);
      if (message.type === 'hello') this.#broadcast();
    });
    this.#interludes = new InterludeView({
      dom: this.#dom,
      data: this.#data.interludes,
      engine: this.#engine,
      announce: (text) => this.#announce(text),
      broadcast: () => this.#broadcast(),
      stepsPending: () => this.#state.ran.some((ran) => !ran),
      runAllSteps: () => this.#runThrough(this.#data.steps.length - 1),
    });
    this.#showEngine();
    const talks = new TalkStore();
    talks.write(enterLesson(talks.read(), this.#data.lesson, Date.now()));
  }

  /** Starts the database and lands on the step the URL names (a reload or a shared link). */
  begin(): void {
    this.#listen();
    // Read before the first show() writes the first step's position over it.
    const restored = this.#position();
    this.#show();
    this.#busy = this.#busy
      .then(() => this.#engine.start())
      .then(async () => {
        if (restored && (restored.index > 0 || restored.ran))
          await this.#goToStep(restored.index, restored.ran);
        else this.#show();
      });
  }

  perform(command: Command): Promise<void> {
    if (instant.has(command.kind)) return this.#act(command);
    this.#busy = this.#busy.then(() => this.#act(command));
    return this.#busy;
  }

  /** The engine's state in the status line, and the database in the diagram. */
  #showEngine(): void {
    const { status, aside } = this.#dom;
    this.#engine.on('state', (engineState, message) => {
      status.dataset['state'] = engineState;
      status.textContent =
        message ??
        (engineState === 'busy' ? 'Running…' : engineState === 'ready' ? 'Ready' : status.textContent);
      this.#broadcast();
    });
    const diagram = new DiagramView({ mode: 'live', caption: 'The database now.' });
    // The caption repeats the picture in words: for screen readers, not for the room.
    diagram.element.querySelector('figcaption')?.classList.add('visually-hidden');
    aside.append(diagram.element);
    this.#engine.on('catalog', (catalog) => diagram.show(catalog));
    this.#engine.on('ran', (_source, outcome, observed) =>
      diagram.show(observed.catalog, activityOf(outcome, observed)),
    );
  }

  #announce(text: string): void {
    this.#dom.announcer.textContent = text;
  }

  #broadcast(): void {
    this.#channel.send({
      type: 'state',
      lesson: this.#data.lesson,
      state: this.#state,
      report: this.#reports.get(this.#state.index) ?? null,
      status: this.#dom.status.textContent ?? '',
      interlude: this.#interludes.text(),
    });
  }

  #position() {
    return readPosition(
      window.location.hash,
      this.#data.steps.map((step) => step.id),
    );
  }

  #linesOf(index: number): HTMLElement[] {
    return [...(this.#dom.sqlBlocks[index]?.querySelectorAll<HTMLElement>('.line') ?? [])];
  }

  #limits(): Limits {
    return {
      lessons: this.#data.lessons.length,
      steps: this.#data.steps.length,
      lines: this.#linesOf(this.#state.index).length,
    };
  }

  #view(): View {
    const { main } = this.#dom;
    return { top: main.scrollTop, height: main.clientHeight, total: main.scrollHeight };
  }

  /** An element's top and bottom in the slide's scrolled content. */
  #extent(element: Element) {
    const { main } = this.#dom;
    const box = element.getBoundingClientRect();
    const offset = main.scrollTop - main.getBoundingClientRect().top;
    return { top: box.top + offset, bottom: box.bottom + offset };
  }

  #scrollTo(top: number): void {
    this.#dom.main.scrollTo({ top, behavior: 'instant' });
  }

  /** Sizes the type for this screen and the zoom, and puts the diagram beside or below the result. */
  #layout(): void {
    const { root, row } = this.#dom;
    const { zoom, diagram } = this.#state;
    const base = baseSize(window.innerWidth, window.innerHeight, zoom);
    root.style.setProperty('--present-size', `${base}px`);
    root.style.setProperty('--diagram-scale', String(diagramScale * zoom));
    const { arrangement, diagramWidth } = evidenceLayout(row.clientWidth, base, zoom);
    row.dataset['arrangement'] = diagram ? arrangement : 'none';
    row.style.setProperty('--diagram-width', `${Math.floor(diagramWidth)}px`);
  }

  #showLines(): void {
    const { from, to } = this.#state.lines ?? { from: 0, to: -1 };
    this.#linesOf(this.#state.index).forEach((line, index) => {
      line.classList.toggle('present-line-lit', index + 1 >= from && index + 1 <= to);
    });
    this.#dom.sqlBlocks[this.#state.index]?.classList.toggle('present-pointing', !!this.#state.lines);
  }

  #writeHash(): void {
    const hash = positionHash({ index: this.#state.index, ran: !!this.#state.ran[this.#state.index] });
    if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', hash);
  }

  #show(): void {
    const { title, counter, sqlBlocks, expectations, result, aside, blank } = this.#dom;
    const { index } = this.#state;
    const step = this.#data.steps[index];
    if (!step) return;
    const report = this.#reports.get(index);
    title.textContent = step.title;
    counter.textContent = `Step ${step.number} of ${this.#data.steps.length}`;
    sqlBlocks.forEach((block, position) => {
      block.hidden = position !== index;
    });
    // Once a step has passed, its verdict says it matched: the expectation would only repeat it.
    expectations.forEach((block, position) => {
      block.hidden = position !== index || !!report?.verdict?.pass;
    });
    const waiting =
      this.#replaying ||
      (this.#engine.state === 'broken' ? 'The database could not start.' : 'Press → to run this step.');
    result.replaceChildren(
      report ? compactResult(report) : el('p', { className: 'present-hint', text: waiting }),
    );
    aside.hidden = !this.#state.diagram;
    blank.hidden = !this.#state.blank;
    this.#showLines();
    this.#interludes.show();
    this.#layout();
    this.#writeHash();
    this.#broadcast();
  }

  #openInterlude(next: Interlude | null): void {
    this.#interludes.current = next;
    this.#show();
    // Drawn once on screen, where its labels can be measured.
    if (next?.kind === 'race') this.#interludes.race(next.race);
    this.#broadcast();
    this.#scrollTo(0);
    const step = this.#data.steps[this.#state.index];
    const said = this.#interludes.opened() || (step ? `Back to step ${step.number}: ${step.title}` : '');
    if (said) this.#announce(said);
  }

  #showPrompt(): void {
    const { promptBox, promptLine } = this.#dom;
    const text = promptText(this.#prompt, this.#limits());
    promptBox.hidden = !text;
    promptBox.dataset['kind'] = this.#prompt.kind;
    promptLine.textContent = text;
  }

  /** Runs every step up to `last` that has not run. False when one was stopped. */
  async #runThrough(last: number): Promise<boolean> {
    for (let position = 0; position <= last; position++) {
      const step = this.#data.steps[position];
      if (this.#state.ran[position] || !step) continue;
      const reply = await this.#engine.run(step.sql, {
        kind: 'step',
        lesson: this.#data.lesson,
        id: step.id,
        number: step.number,
      });
      if (reply.kind !== 'done') {
        this.#reports.set(position, stoppedReport(reply, this.#engine.timeoutMs));
        return false;
      }
      const verdict = judge(step.expect, reply.outcome.result);
      const observed = await reply.observed;
      this.#reports.set(position, reportOf(reply.outcome, verdict, observed?.observation.changes ?? []));
      this.#state = ranUpTo(this.#state, position);
    }
    return true;
  }

  /**
   * Runs the step on screen (and any before it not run). Its verdict, what changed and the diagram
   * come into view, with as much SQL as still fits (or from the verdict down, when taller than the screen).
   */
  async #runCurrent(): Promise<void> {
    await this.#runThrough(this.#state.index);
    this.#show();
    const { top, bottom } = this.#extent(this.#dom.row);
    this.#scrollTo(revealTarget(this.#view(), top, bottom));
    const step = this.#data.steps[this.#state.index];
    const report = this.#reports.get(this.#state.index);
    if (step && report)
      this.#announce(`Step ${step.number}: ${report.verdict?.message ?? report.stopped?.[0] ?? ''}`);
  }

  /** Step `index`, with the steps before it replayed; its own run too when `ran`. */
  async #goToStep(index: number, ran: boolean): Promise<void> {
    const target = goTo(this.#state, index);
    this.#state = target.state;
    const missing = this.#state.ran.slice(0, target.replayBefore).filter((done) => !done).length;
    const step = this.#data.steps[this.#state.index];
    if (missing > 0 && step) {
      this.#replaying = `Replaying ${missing === 1 ? 'the step' : `the ${missing} steps`} before this one…`;
      this.#announce(`Step ${step.number}: ${this.#replaying}`);
    }
    this.#show();
    this.#scrollTo(0);
    const complete = await this.#runThrough(target.replayBefore - 1);
    this.#replaying = '';
    if (complete && ran) await this.#runCurrent();
    else {
      this.#show();
      if (!complete)
        this.#announce(`Step ${step?.number ?? ''}: an earlier step could not run; see its result.`);
      else if (step) this.#announce(`Step ${step.number}: ${step.title}`);
    }
  }

  /** Scrolls the lines pointed at into view. */
  #pointAt(): void {
    const lines = this.#linesOf(this.#state.index);
    const { lines: range } = this.#state;
    const first = range ? lines[range.from - 1] : undefined;
    const last = range ? lines[range.to - 1] : undefined;
    if (first && last)
      this.#scrollTo(revealTarget(this.#view(), this.#extent(first).top, this.#extent(last).bottom));
  }

  /** The tops of everything a page may start at: the title, each line of SQL, each block below. */
  #pageStops(): number[] {
    const { title, row, aside } = this.#dom;
    return [
      title,
      ...this.#linesOf(this.#state.index),
      ...row.querySelectorAll('.present-expect:not([hidden]), .present-outcome > *, .present-parts > *'),
      aside,
    ].map((element) => this.#extent(element).top);
  }

  /** The tops of the blocks of the interlude on screen, where its pages may start. */
  #interludeStops(): number[] {
    return [
      ...this.#dom.root.querySelectorAll(
        '.present-interlude:not([hidden]) :is(figcaption, .race-picture, .race-said, .race-controls, tr, h2, li, p, pre)',
      ),
    ].map((element) => this.#extent(element).top);
  }

  #lineHeight(): number {
    const pre = this.#dom.sqlBlocks[this.#state.index]?.querySelector('pre');
    return pre ? Number.parseFloat(getComputedStyle(pre).lineHeight) || 30 : 30;
  }

  async #act(command: Command): Promise<void> {
    // In a race or the versions, the keys that step go one moment or one try at a time.
    if (
      this.#interludes.current &&
      (command.kind === 'forward' || command.kind === 'back' || command.kind === 'page')
    ) {
      const by = command.kind === 'forward' ? 1 : command.kind === 'back' ? -1 : command.by;
      const target = command.kind === 'page' ? pageTarget(this.#view(), this.#interludeStops(), by) : null;
      if (target !== null) this.#scrollTo(target);
      else await this.#interludes.step(by);
      return;
    }
    if (command.kind === 'goto' || command.kind === 'reset' || command.kind === 'highlight')
      this.#interludes.current = null;
    if (!(await this.#move(command))) this.#look(command);
  }

  /** Commands that move through the lesson or change its database. False for any other. */
  async #move(command: Command): Promise<boolean> {
    switch (command.kind) {
      case 'forward':
        return this.#forward().then(() => true);
      case 'back':
        this.#state = back(this.#state);
        this.#show();
        this.#scrollTo(0);
        return true;
      case 'page': {
        const target = pageTarget(this.#view(), this.#pageStops(), command.by);
        if (target !== null) this.#scrollTo(target);
        else await this.#act({ kind: command.by === 1 ? 'forward' : 'back' });
        return true;
      }
      case 'scroll':
        this.#scrollTo(scrollTarget(this.#view(), command.by, this.#lineHeight()));
        return true;
      case 'goto':
        await this.#goToStep(command.step - 1, false);
        return true;
      case 'reset':
        await this.#reset();
        return true;
      case 'lesson': {
        const target = this.#data.lessons[command.number - 1];
        if (target) window.location.assign(target.url);
        return true;
      }
      default:
        return false;
    }
  }

  async #forward(): Promise<void> {
    const next = forward(this.#state);
    if (next.action === 'run') await this.#runCurrent();
    else if (next.action === 'next') {
      this.#state = next.state;
      this.#show();
      this.#scrollTo(0);
      const step = this.#data.steps[this.#state.index];
      if (step) this.#announce(`Step ${step.number}: ${step.title}`);
    } else this.#announce('That was the last step of this lesson.');
  }

  async #reset(): Promise<void> {
    await this.#engine.reset();
    this.#reports.clear();
    this.#interludes.forgetTries();
    this.#state = reset(this.#state);
    this.#show();
    this.#scrollTo(0);
    this.#announce("The lesson's database is back at its start.");
  }

  /** Commands that change only what the slide shows. */
  #look(command: Command): void {
    const { races, tries } = this.#data.interludes;
    const current = this.#interludes.current;
    const said = (text: string) => {
      this.#show();
      this.#announce(text);
    };
    switch (command.kind) {
      case 'diagram':
        this.#state = { ...this.#state, diagram: !this.#state.diagram };
        this.#show();
        break;
      case 'race':
        if (races.length === 0) this.#announce('This lesson has no race timelines.');
        else this.#openInterlude(nextRace(races, current, this.#state.index));
        break;
      case 'versions':
        if (tries.length === 0) this.#announce('This lesson has no code versions to try.');
        else this.#openInterlude(current?.kind === 'versions' ? null : { kind: 'versions' });
        break;
      case 'zoom':
        this.#state = zoomBy(this.#state, command.by);
        said(`Zoom ${Math.round(this.#state.zoom * 100)} %.`);
        break;
      case 'highlight':
        this.#state = { ...this.#state, lines: command.lines };
        this.#show();
        this.#pointAt();
        break;
      case 'blank':
        this.#state = { ...this.#state, blank: !this.#state.blank };
        said(this.#state.blank ? 'The screen is blank. Press B to show it again.' : 'The screen is back.');
        break;
      case 'help':
      case 'close':
        this.#dialogOrClose(command.kind);
        break;
    }
  }

  /** ? opens or closes the help; Esc closes the help, else the interlude, else the pointing and blank. */
  #dialogOrClose(kind: 'help' | 'close'): void {
    const { help } = this.#dom;
    if (help.open) help.close();
    else if (kind === 'help') help.showModal();
    else if (this.#interludes.current && !this.#state.blank) this.#openInterlude(null);
    else {
      this.#state = close(this.#state);
      this.#show();
    }
  }

  /** The keys, the help's and the question's buttons, the URL and the window's size. */
  #listen(): void {
    const { help, helpButton, promptYes, promptNo, main } = this.#dom;
    const list = help.querySelector('dl');
    for (const [keys, what] of keyHelp) list?.append(el('dt', { text: keys }), el('dd', { text: what }));
    document.addEventListener('keydown', (event) => this.#onKey(event));
    helpButton.addEventListener('click', () => void this.perform({ kind: 'help' }));
    promptYes.addEventListener('click', () => {
      this.#prompt = noPrompt;
      this.#showPrompt();
      void this.perform({ kind: 'reset' });
    });
    promptNo.addEventListener('click', () => {
      this.#prompt = noPrompt;
      this.#showPrompt();
    });
    window.addEventListener('hashchange', () => {
      const position = this.#position();
      if (position) this.#busy = this.#busy.then(() => this.#goToStep(position.index, position.ran));
    });
    new ResizeObserver(() => this.#layout()).observe(main);
  }

  #onKey(event: KeyboardEvent): void {
    // A race's picture steps itself with the arrows when it has the focus.
    if (event.defaultPrevented) return;
    const { help } = this.#dom;
    const target = event.target as HTMLElement | null;
    if (help.open) {
      // The dialog's own button keeps Enter and Space; ? and Esc close it; nothing else steers.
      if (event.key === '?' || event.key === 'Escape') {
        event.preventDefault();
        help.close();
      }
      return;
    }
    // Enter on a focused link or button does what that says, unless a question is pending: then
    // Enter answers it wherever the focus was left (but the question's own buttons keep theirs).
    const onControl = event.key === 'Enter' && target?.closest('button, a');
    if (onControl && (this.#prompt.kind === 'none' || target?.closest('.present-prompt'))) return;
    const typing = !!target?.closest('input, textarea, select, [contenteditable="true"]');
    const { key, shiftKey, ctrlKey, metaKey, altKey } = event;
    const result = press(this.#prompt, { key, shiftKey, ctrlKey, metaKey, altKey, typing }, this.#limits());
    this.#prompt = result.prompt;
    this.#showPrompt();
    // Space on a button the mouse left focused pages, as the help says, instead of pressing it.
    if (result.used) event.preventDefault();
    if (result.command) void this.perform(result.command);
  }
}
