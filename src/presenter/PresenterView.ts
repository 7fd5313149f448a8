import { activityOf } from '../client/activity';
import { createEngine, type EngineData } from '../client/createEngine';
import { stoppedNotes } from '../client/describeStop';
import { el } from '../client/dom';
import type { StepData } from '../client/StepController';
import { DiagramView } from '../diagram/DiagramView';
import { judge } from '../engine/judge';
import { PresenterChannel, type PresenterMessage } from './channel';
import { compactResult } from './compactResult';
import { type Command, commandFor, keyHelp } from './keys';
import { back, forward, type Presentation, ranUpTo, reset, start } from './presentation';
import './presenter.css';

export interface PresentData {
  lesson: string;
  steps: StepData[];
  engine: EngineData;
  /** Presenter URLs of the lessons with steps, in order: keys 1–6. */
  lessons: { slug: string; title: string; url: string }[];
}

/** Largest and smallest base type size, in px: large for a room, smaller only when a step is long. */
const largest = 30;
const smallest = 12;
/** Below this size in one column, a long step reads better in two. */
const twoColumnsBelow = 17;

/**
 * The audience window: one step at a time in large type, its result, and the diagram beside it.
 * Everything is driven from the keyboard, here or from the speaker window.
 */
export function startPresenter(root: HTMLElement): void {
  const data = JSON.parse(root.querySelector('script.present-data')?.textContent ?? '{}') as PresentData;
  const announcer = root.querySelector<HTMLElement>('.announcer');
  const announce = (text: string) => {
    if (announcer) announcer.textContent = text;
  };
  const statusLabel = root.querySelector<HTMLElement>('.engine-status');
  const engine = createEngine(data.engine);
  engine.on('state', (state, message) => {
    if (!statusLabel) return;
    statusLabel.dataset['state'] = state;
    statusLabel.textContent =
      message ?? (state === 'busy' ? 'Running…' : state === 'ready' ? 'Ready' : statusLabel.textContent);
  });

  const main = root.querySelector<HTMLElement>('.present-main');
  const stepBox = root.querySelector<HTMLElement>('.present-step');
  const counter = root.querySelector<HTMLElement>('.present-counter');
  const title = root.querySelector<HTMLElement>('.present-title');
  const resultBox = root.querySelector<HTMLElement>('.present-result');
  const aside = root.querySelector<HTMLElement>('.present-diagram');
  const help = root.querySelector<HTMLDialogElement>('.present-help');
  const sqlBlocks = [...root.querySelectorAll<HTMLElement>('.present-sql')];
  const expectations = [...root.querySelectorAll<HTMLElement>('.present-expect')];
  if (!main || !stepBox || !title || !resultBox || !aside || !help)
    throw new Error('the presenter page is incomplete');

  const diagram = new DiagramView({ mode: 'live', caption: 'The database now.' });
  aside.append(diagram.element);
  engine.on('catalog', (catalog) => diagram.show(catalog));
  engine.on('ran', (_source, outcome, observed) =>
    diagram.show(observed.catalog, activityOf(outcome, observed)),
  );

  let state: Presentation = start(data.steps.length);
  const results = new Map<number, HTMLElement>();
  const channel = new PresenterChannel((message: PresenterMessage) => {
    if (message.type === 'command') void perform(message.command);
    if (message.type === 'hello') broadcast();
  });
  const broadcast = () => channel.send({ type: 'state', lesson: data.lesson, state });

  /**
   * Shrinks the type until the step and its result fit the screen: nothing is ever cut off. A step
   * too long for one column even in small type gets two.
   */
  const fitToScreen = () => {
    const overflows = () =>
      stepBox.scrollHeight > stepBox.clientHeight + 1 || stepBox.scrollWidth > stepBox.clientWidth + 1;
    for (const columns of [false, true]) {
      stepBox.classList.toggle('present-two-columns', columns);
      let size = largest;
      stepBox.style.setProperty('--present-size', `${size}px`);
      const floor = columns ? smallest : twoColumnsBelow;
      while (size > floor && overflows()) {
        size -= 1;
        stepBox.style.setProperty('--present-size', `${size}px`);
      }
      if (!overflows()) return;
    }
  };

  const show = () => {
    const step = data.steps[state.index];
    if (!step) return;
    title.textContent = step.title;
    if (counter) counter.textContent = `Step ${step.number} of ${data.steps.length}`;
    sqlBlocks.forEach((block, index) => {
      block.hidden = index !== state.index;
    });
    expectations.forEach((block, index) => {
      block.hidden = index !== state.index;
    });
    resultBox.replaceChildren(
      results.get(state.index) ??
        el('p', {
          className: 'present-hint',
          text: engine.state === 'broken' ? 'The database could not start.' : 'Press → to run this step.',
        }),
    );
    main.classList.toggle('present-no-diagram', !state.diagram);
    aside.hidden = !state.diagram;
    fitToScreen();
    broadcast();
  };

  const runCurrent = async () => {
    const index = state.index;
    for (let position = 0; position <= index; position++) {
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
        results.set(position, el('div', {}, ...stoppedNotes(reply, engine.timeoutMs)));
        break;
      }
      const verdict = judge(step.expect, reply.outcome.result);
      const observed = await reply.observed;
      results.set(position, compactResult(reply.outcome, verdict, observed?.observation.changes ?? []));
      state = ranUpTo(state, position);
      if (position === index) announce(`Step ${step.number}: ${verdict.message}`);
    }
    show();
  };

  let busy = Promise.resolve();
  const perform = (command: Command): Promise<void> => {
    busy = busy.then(async () => {
      switch (command.kind) {
        case 'forward': {
          const next = forward(state);
          if (next.action === 'run') await runCurrent();
          else if (next.action === 'next') {
            state = next.state;
            show();
            const step = data.steps[state.index];
            if (step) announce(`Step ${step.number}: ${step.title}`);
          } else announce('That was the last step of this lesson.');
          break;
        }
        case 'back':
          state = back(state);
          show();
          break;
        case 'reset':
          await engine.reset();
          results.clear();
          state = reset(state);
          show();
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
        case 'help':
          if (help.open) help.close();
          else help.showModal();
          break;
        case 'close':
          if (help.open) help.close();
          break;
      }
    });
    return busy;
  };

  const list = help.querySelector('dl');
  for (const [keys, what] of keyHelp) list?.append(el('dt', { text: keys }), el('dd', { text: what }));
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    const typing = !!target?.closest('input, textarea, select, [contenteditable="true"]');
    // Buttons and links keep Space and Enter for themselves; arrows and letters still steer.
    if ((event.key === ' ' || event.key === 'Enter') && target?.closest('button, a')) return;
    const command = commandFor(
      { key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, typing },
      data.lessons.length,
    );
    if (!command) return;
    if (help.open && command.kind !== 'help' && command.kind !== 'close') return;
    event.preventDefault();
    void perform(command);
  });
  root.querySelector('.present-help-button')?.addEventListener('click', () => void perform({ kind: 'help' }));
  new ResizeObserver(fitToScreen).observe(stepBox);
  show();
  void engine.start().then(show);
}
