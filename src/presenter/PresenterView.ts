import { activityOf } from '../client/activity';
import { createEngine, type EngineData } from '../client/createEngine';
import { describeStop } from '../client/describeStop';
import type { RunReply } from '../client/EngineClient';
import type { StepData } from '../client/StepController';
import { DiagramView } from '../diagram/DiagramView';
import { judge } from '../engine/judge';
import { RaceTimelineView } from '../races/RaceTimelineView';
import type { Timeline } from '../races/timeline';
import { el } from '../ui/dom';
import { PresenterChannel, type PresenterMessage } from './channel';
import { compactResult } from './compactResult';
import { type Interlude, type InterludeData, nextRace } from './interlude';
import { type Command, keyHelp, type Limits, noPrompt, type Prompt, press, promptText } from './keys';
import { positionHash, readPosition } from './position';
import { back, close, forward, goTo, type Presentation, ranUpTo, reset, start, zoomBy } from './presentation';
import { reportOf, type StepReport } from './report';
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

/** What became of a run that did not finish, as sentences for both windows. */
function stoppedReport(reply: Exclude<RunReply, { kind: 'done' }>, timeoutMs: number): StepReport {
  if (reply.kind === 'unavailable') return { changes: [], stopped: [`Not run: ${reply.message}`] };
  return { changes: [], stopped: [describeStop(reply, timeoutMs), ...reply.recovery.problems] };
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
  const data = JSON.parse(root.querySelector('script.present-data')?.textContent ?? '{}') as PresentData;
  const find = <T extends HTMLElement>(selector: string) => {
    const found = root.querySelector<T>(selector);
    if (!found) throw new Error(`the presenter page has no ${selector}`);
    return found;
  };
  const announcer = find('.announcer');
  const announce = (text: string) => {
    announcer.textContent = text;
  };
  const statusLabel = find('.engine-status');
  const main = find('.present-main');
  const counter = find('.present-counter');
  const title = find('.present-title');
  const row = find('.present-evidence-row');
  const resultBox = find('.present-result');
  const aside = find('.present-diagram');
  const help = find<HTMLDialogElement>('.present-help');
  const promptBox = find('.present-prompt');
  const promptLine = find('.present-prompt-text');
  const blank = find('.present-blank');
  const slide = find('.present-slide');
  const interludeSections = [...root.querySelectorAll<HTMLElement>('.present-interlude')];
  const tryBox = root.querySelector<HTMLElement>('.present-try');
  const tryItems = [...root.querySelectorAll<HTMLElement>('.present-tries li')];
  const sqlBlocks = [...root.querySelectorAll<HTMLElement>('.present-sql')];
  const expectations = [...root.querySelectorAll<HTMLElement>('.present-expect')];
  const linesOf = (index: number) => [...(sqlBlocks[index]?.querySelectorAll<HTMLElement>('.line') ?? [])];

  // Wrapped lines hang under their own indentation, so a wrapped line never reads as a new one.
  for (const line of root.querySelectorAll<HTMLElement>('.present-sql .line')) {
    const indent = /^ */.exec(line.textContent ?? '')?.[0].length ?? 0;
    line.style.setProperty('--indent', String(indent));
  }

  const engine = createEngine(data.engine);
  engine.on('state', (engineState, message) => {
    statusLabel.dataset['state'] = engineState;
    statusLabel.textContent =
      message ??
      (engineState === 'busy' ? 'Running…' : engineState === 'ready' ? 'Ready' : statusLabel.textContent);
    broadcast();
  });

  const diagram = new DiagramView({ mode: 'live', caption: 'The database now.' });
  // The caption repeats the picture in words: for screen readers, not for the room.
  diagram.element.querySelector('figcaption')?.classList.add('visually-hidden');
  aside.append(diagram.element);
  engine.on('catalog', (catalog) => diagram.show(catalog));
  engine.on('ran', (_source, outcome, observed) =>
    diagram.show(observed.catalog, activityOf(outcome, observed)),
  );

  const talks = new TalkStore();
  talks.write(enterLesson(talks.read(), data.lesson, Date.now()));

  let state: Presentation = start(data.steps.length);
  /** A race or the code versions, on the whole slide instead of the step; null shows the step. */
  let interlude: Interlude | null = null;
  /** How many of the versions' suggestions have been tried since the database's start. */
  let tried = 0;
  const raceViews = new Map<number, RaceTimelineView>();
  let prompt: Prompt = noPrompt;
  /** Set while earlier steps are replayed to reach a step: said where the result will be. */
  let replaying = '';
  const reports = new Map<number, StepReport>();
  const limits = (): Limits => ({
    lessons: data.lessons.length,
    steps: data.steps.length,
    lines: linesOf(state.index).length,
  });

  const channel = new PresenterChannel((message: PresenterMessage) => {
    if (message.type === 'command') void perform(message.command);
    if (message.type === 'hello') broadcast();
  });
  const broadcast = () =>
    channel.send({
      type: 'state',
      lesson: data.lesson,
      state,
      report: reports.get(state.index) ?? null,
      status: statusLabel.textContent ?? '',
      interlude: interludeText(),
    });
  /** What the speaker window says is on screen instead of the step, and what → does there. */
  const interludeText = () => {
    if (interlude?.kind === 'race') {
      const race = raceViews.get(interlude.race);
      const at = race ? `, moment ${race.moment + 1} of ${race.moments}` : '';
      return `race ${interlude.race + 1} of ${data.interludes.races.length} on screen${at} (→ next moment, Esc back to the step)`;
    }
    if (interlude?.kind === 'versions')
      return `code versions on screen, ${tried} of ${data.interludes.tries.length} suggestions tried (→ tries the next, Esc back to the step)`;
    return '';
  };

  const view = (): View => ({ top: main.scrollTop, height: main.clientHeight, total: main.scrollHeight });
  /** An element's top and bottom in the slide's scrolled content. */
  const extent = (element: Element) => {
    const box = element.getBoundingClientRect();
    const offset = main.scrollTop - main.getBoundingClientRect().top;
    return { top: box.top + offset, bottom: box.bottom + offset };
  };
  const scrollTo = (top: number) => main.scrollTo({ top, behavior: 'instant' });

  /** Sizes the type for this screen and the zoom, and puts the diagram beside or below the result. */
  const layout = () => {
    const base = baseSize(window.innerWidth, window.innerHeight, state.zoom);
    root.style.setProperty('--present-size', `${base}px`);
    root.style.setProperty('--diagram-scale', String(diagramScale * state.zoom));
    const { arrangement, diagramWidth } = evidenceLayout(row.clientWidth, base, state.zoom);
    row.dataset['arrangement'] = state.diagram ? arrangement : 'none';
    row.style.setProperty('--diagram-width', `${Math.floor(diagramWidth)}px`);
  };

  const showLines = () => {
    const lines = linesOf(state.index);
    const { from, to } = state.lines ?? { from: 0, to: -1 };
    lines.forEach((line, index) => {
      line.classList.toggle('present-line-lit', index + 1 >= from && index + 1 <= to);
    });
    sqlBlocks[state.index]?.classList.toggle('present-pointing', !!state.lines);
  };

  const writeHash = () => {
    const hash = positionHash({ index: state.index, ran: !!state.ran[state.index] });
    if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', hash);
  };

  const show = () => {
    const step = data.steps[state.index];
    if (!step) return;
    const report = reports.get(state.index);
    title.textContent = step.title;
    counter.textContent = `Step ${step.number} of ${data.steps.length}`;
    sqlBlocks.forEach((block, index) => {
      block.hidden = index !== state.index;
    });
    // Once a step has passed, its verdict says it matched: the expectation would only repeat it.
    expectations.forEach((block, index) => {
      block.hidden = index !== state.index || !!report?.verdict?.pass;
    });
    const waiting =
      replaying ||
      (engine.state === 'broken' ? 'The database could not start.' : 'Press → to run this step.');
    resultBox.replaceChildren(
      report ? compactResult(report) : el('p', { className: 'present-hint', text: waiting }),
    );
    aside.hidden = !state.diagram;
    blank.hidden = !state.blank;
    showLines();
    showInterlude();
    layout();
    writeHash();
    broadcast();
  };

  /** The race drawn in its section, made on first use: it starts at its first moment. */
  const raceView = (index: number): RaceTimelineView | undefined => {
    const known = raceViews.get(index);
    if (known) return known;
    const section = interludeSections.find((item) => item.dataset['raceIndex'] === String(index));
    const figure = section?.querySelector<HTMLElement>('figure[data-race]');
    if (!figure) return undefined;
    const timelines = JSON.parse(figure.querySelector('script.race-data')?.textContent ?? '[]') as Timeline[];
    if (timelines.length === 0) return undefined;
    const made = new RaceTimelineView(figure, timelines);
    made.go(0);
    raceViews.set(index, made);
    return made;
  };

  function showInterlude() {
    slide.hidden = !!interlude;
    for (const section of interludeSections) {
      section.hidden =
        interlude?.kind === 'race'
          ? section.dataset['raceIndex'] !== String(interlude.race)
          : interlude?.kind !== 'versions' || !section.classList.contains('present-versions');
    }
  }

  const openInterlude = (next: Interlude | null) => {
    interlude = next;
    show();
    // Drawn once on screen, where its labels can be measured.
    if (next?.kind === 'race') raceView(next.race);
    broadcast();
    scrollTo(0);
    if (next?.kind === 'race') {
      const race = raceView(next.race);
      announce(
        `Race ${next.race + 1} of ${data.interludes.races.length}, moment 1 of ${race?.moments ?? 0}: → for each next moment, Esc for the step.`,
      );
    } else if (next?.kind === 'versions') {
      announce(
        tried < data.interludes.tries.length
          ? `The code versions: → tries suggestion ${tried + 1} of ${data.interludes.tries.length}.`
          : 'The code versions: every suggestion has been tried.',
      );
    } else {
      const step = data.steps[state.index];
      if (step) announce(`Back to step ${step.number}: ${step.title}`);
    }
  };

  /** Clears what the suggestions tried, once the database they ran on is gone. */
  const forgetTries = () => {
    tried = 0;
    for (const item of tryItems) {
      delete item.dataset['tried'];
      item.removeAttribute('aria-current');
    }
    tryBox?.replaceChildren(
      el('p', { className: 'present-hint', text: 'Press → to try the first suggestion.' }),
    );
  };

  /** The next suggestion of the versions, sent as its version's server sends it, after the steps. */
  const tryNext = async () => {
    const index = tried;
    const item = data.interludes.tries[index];
    if (!item || !tryBox) {
      announce('Every suggestion has been tried. R resets the database to try them again; Esc for the step.');
      return;
    }
    const waiting = el('p', { className: 'present-hint', text: 'Running…' });
    tryBox.replaceChildren(
      el('p', { className: 'present-try-title', text: `${index + 1}. ${item.title}` }),
      el('p', { className: 'present-try-sender', text: `${item.sender} sends:` }),
      el('pre', { className: 'present-try-sql', text: item.sql }),
      waiting,
    );
    tryItems.forEach((element, position) => {
      if (position === index) element.setAttribute('aria-current', 'step');
      else element.removeAttribute('aria-current');
    });
    if (state.ran.some((ran) => !ran)) waiting.textContent = 'Running the lesson’s steps first…';
    let report: StepReport;
    if (!(await runThrough(data.steps.length - 1))) {
      report = { changes: [], stopped: ['A step of the lesson could not run: Esc, and see its result.'] };
    } else {
      const reply = await engine.run(item.sql, { kind: 'panel', version: item.version, action: item.action });
      if (reply.kind === 'done') {
        const observed = await reply.observed;
        report = reportOf(
          reply.outcome,
          judge(item.expect, reply.outcome.result),
          observed?.observation.changes ?? [],
        );
      } else report = stoppedReport(reply, engine.timeoutMs);
      tried = index + 1;
    }
    waiting.replaceWith(compactResult(report));
    const element = tryItems[index];
    if (element) element.dataset['tried'] = report.verdict?.pass ? 'pass' : 'fail';
    announce(`${item.title}: ${report.verdict?.message ?? report.stopped?.[0] ?? ''}`);
    broadcast();
  };

  /** → or ← in an interlude: one moment of the race, or one suggestion tried. */
  const interludeStep = async (by: 1 | -1) => {
    if (interlude?.kind === 'race') {
      const race = raceView(interlude.race);
      if (race && !race.step(by))
        announce(
          by === 1
            ? 'That was the last moment of this race: T for the next race, Esc for the step.'
            : 'This is the first moment of the race.',
        );
      broadcast();
    } else if (interlude?.kind === 'versions') {
      if (by === 1) await tryNext();
      else announce('A try cannot be taken back: R resets the database; Esc goes back to the step.');
    }
  };

  const showPrompt = () => {
    const text = promptText(prompt, limits());
    promptBox.hidden = !text;
    promptBox.dataset['kind'] = prompt.kind;
    promptLine.textContent = text;
  };

  /** Runs every step up to `last` that has not run. False when one was stopped. */
  const runThrough = async (last: number): Promise<boolean> => {
    for (let position = 0; position <= last; position++) {
      if (state.ran[position]) continue;
      const step = data.steps[position];
      if (!step) continue;
      const reply = await engine.run(step.sql, {
        kind: 'step',
        lesson: data.lesson,
        id: step.id,
        number: step.number,
      });
      if (reply.kind !== 'done') {
        reports.set(position, stoppedReport(reply, engine.timeoutMs));
        return false;
      }
      const verdict = judge(step.expect, reply.outcome.result);
      const observed = await reply.observed;
      reports.set(position, reportOf(reply.outcome, verdict, observed?.observation.changes ?? []));
      state = ranUpTo(state, position);
    }
    return true;
  };

  /**
   * After a run: its verdict, what changed and the diagram come into view, with as much SQL as
   * still fits (or from the verdict down, when they are taller than the screen).
   */
  const revealResult = () => {
    const { top, bottom } = extent(row);
    scrollTo(revealTarget(view(), top, bottom));
  };

  const runCurrent = async () => {
    await runThrough(state.index);
    show();
    revealResult();
    const step = data.steps[state.index];
    const report = reports.get(state.index);
    if (step && report)
      announce(`Step ${step.number}: ${report.verdict?.message ?? report.stopped?.[0] ?? ''}`);
  };

  /** Step `index`, with the steps before it replayed; its own run too when `ran`. */
  const goToStep = async (index: number, ran: boolean) => {
    const target = goTo(state, index);
    state = target.state;
    const missing = state.ran.slice(0, target.replayBefore).filter((done) => !done).length;
    const step = data.steps[state.index];
    if (missing > 0 && step) {
      replaying = `Replaying ${missing === 1 ? 'the step' : `the ${missing} steps`} before this one…`;
      announce(`Step ${step.number}: ${replaying}`);
    }
    show();
    scrollTo(0);
    const complete = await runThrough(target.replayBefore - 1);
    replaying = '';
    if (complete && ran) await runCurrent();
    else {
      show();
      if (!complete) announce(`Step ${step?.number ?? ''}: an earlier step could not run; see its result.`);
      else if (step) announce(`Step ${step.number}: ${step.title}`);
    }
  };

  const pointAt = () => {
    const lines = linesOf(state.index);
    const first = state.lines ? lines[state.lines.from - 1] : undefined;
    const last = state.lines ? lines[state.lines.to - 1] : undefined;
    if (first && last) scrollTo(revealTarget(view(), extent(first).top, extent(last).bottom));
  };

  /** The tops of everything a page may start at: the title, each line of SQL, each block below. */
  const pageStops = () =>
    [
      title,
      ...linesOf(state.index),
      ...row.querySelectorAll('.present-expect:not([hidden]), .present-outcome > *, .present-parts > *'),
      aside,
    ].map((element) => extent(element).top);

  /** The tops of the blocks of the interlude on screen, where its pages may start. */
  const interludeStops = () =>
    [
      ...root.querySelectorAll(
        '.present-interlude:not([hidden]) :is(figcaption, .race-picture, .race-said, .race-controls, tr, h2, li, p, pre)',
      ),
    ].map((element) => extent(element).top);

  const lineHeight = () => {
    const pre = sqlBlocks[state.index]?.querySelector('pre');
    return pre ? Number.parseFloat(getComputedStyle(pre).lineHeight) || 30 : 30;
  };

  const act = async (command: Command): Promise<void> => {
    // In a race or the versions, the keys that step go one moment or one try at a time.
    if (interlude && (command.kind === 'forward' || command.kind === 'back' || command.kind === 'page')) {
      const by = command.kind === 'forward' ? 1 : command.kind === 'back' ? -1 : command.by;
      const target = command.kind === 'page' ? pageTarget(view(), interludeStops(), by) : null;
      if (target !== null) scrollTo(target);
      else await interludeStep(by);
      return;
    }
    if (interlude && (command.kind === 'goto' || command.kind === 'reset' || command.kind === 'highlight'))
      interlude = null;
    switch (command.kind) {
      case 'forward': {
        const next = forward(state);
        if (next.action === 'run') await runCurrent();
        else if (next.action === 'next') {
          state = next.state;
          show();
          scrollTo(0);
          const step = data.steps[state.index];
          if (step) announce(`Step ${step.number}: ${step.title}`);
        } else announce('That was the last step of this lesson.');
        break;
      }
      case 'back':
        state = back(state);
        show();
        scrollTo(0);
        break;
      case 'page': {
        const target = pageTarget(view(), pageStops(), command.by);
        if (target !== null) scrollTo(target);
        else await act({ kind: command.by === 1 ? 'forward' : 'back' });
        break;
      }
      case 'scroll':
        scrollTo(scrollTarget(view(), command.by, lineHeight()));
        break;
      case 'goto':
        await goToStep(command.step - 1, false);
        break;
      case 'reset':
        await engine.reset();
        reports.clear();
        forgetTries();
        state = reset(state);
        show();
        scrollTo(0);
        announce("The lesson's database is back at its start.");
        break;
      case 'lesson': {
        const target = data.lessons[command.number - 1];
        if (target) window.location.assign(target.url);
        break;
      }
      case 'diagram':
        state = { ...state, diagram: !state.diagram };
        show();
        break;
      case 'race':
        if (data.interludes.races.length === 0) announce('This lesson has no race timelines.');
        else openInterlude(nextRace(data.interludes.races, interlude, state.index));
        break;
      case 'versions':
        if (data.interludes.tries.length === 0) announce('This lesson has no code versions to try.');
        else openInterlude(interlude?.kind === 'versions' ? null : { kind: 'versions' });
        break;
      case 'zoom':
        state = zoomBy(state, command.by);
        show();
        announce(`Zoom ${Math.round(state.zoom * 100)} %.`);
        break;
      case 'highlight':
        state = { ...state, lines: command.lines };
        show();
        pointAt();
        break;
      case 'blank':
        state = { ...state, blank: !state.blank };
        show();
        announce(state.blank ? 'The screen is blank. Press B to show it again.' : 'The screen is back.');
        break;
      case 'help':
        if (help.open) help.close();
        else help.showModal();
        break;
      case 'close':
        if (help.open) help.close();
        else if (interlude && !state.blank) openInterlude(null);
        else {
          state = close(state);
          show();
        }
        break;
    }
  };

  // Runs happen one after another; what only changes the look happens at once.
  let busy = Promise.resolve();
  const perform = (command: Command): Promise<void> => {
    if (instant.has(command.kind)) return act(command);
    busy = busy.then(() => act(command));
    return busy;
  };

  const list = help.querySelector('dl');
  for (const [keys, what] of keyHelp) list?.append(el('dt', { text: keys }), el('dd', { text: what }));
  document.addEventListener('keydown', (event) => {
    // A race's picture steps itself with the arrows when it has the focus.
    if (event.defaultPrevented) return;
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
    if (onControl && (prompt.kind === 'none' || target?.closest('.present-prompt'))) return;
    const typing = !!target?.closest('input, textarea, select, [contenteditable="true"]');
    const { key, shiftKey, ctrlKey, metaKey, altKey } = event;
    const result = press(prompt, { key, shiftKey, ctrlKey, metaKey, altKey, typing }, limits());
    prompt = result.prompt;
    showPrompt();
    // Space on a button the mouse left focused pages, as the help says, instead of pressing it.
    if (result.used) event.preventDefault();
    if (result.command) void perform(result.command);
  });
  find('.present-help-button').addEventListener('click', () => void perform({ kind: 'help' }));
  find('.present-prompt-yes').addEventListener('click', () => {
    prompt = noPrompt;
    showPrompt();
    void perform({ kind: 'reset' });
  });
  find('.present-prompt-no').addEventListener('click', () => {
    prompt = noPrompt;
    showPrompt();
  });
  window.addEventListener('hashchange', () => {
    const position = readPosition(
      window.location.hash,
      data.steps.map((step) => step.id),
    );
    if (position) busy = busy.then(() => goToStep(position.index, position.ran));
  });
  new ResizeObserver(layout).observe(main);

  // Read before the first show() writes the first step's position over it.
  const restored = readPosition(
    window.location.hash,
    data.steps.map((step) => step.id),
  );
  show();
  busy = busy
    .then(() => engine.start())
    .then(async () => {
      if (restored && (restored.index > 0 || restored.ran)) await goToStep(restored.index, restored.ran);
      else show();
    });
}
