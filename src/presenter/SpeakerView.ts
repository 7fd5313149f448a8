import { el, finder } from '../ui/dom';
import { PresenterChannel, type PresenterMessage } from './channel';
import { compactResult } from './compactResult';
import { type Command, keyHelp, type Limits, noPrompt, type Prompt, press, promptText } from './keys';
import type { Presentation } from './presentation';
import type { StepReport } from './report';
import { clockText, elapsed, enterLesson, finishedLaps, newTalk, TalkStore } from './talkClock';
import './presenter.css';

export interface SpeakerData {
  lesson: string;
  /**
   * Each step's title, SQL, what it is expected to do (a sentence) and speaker notes (HTML rendered
   * from the lesson's Markdown at build time).
   */
  steps: { number: number; title: string; sql: string; expected: string; notesHtml: string }[];
  /** Speaker-view URLs of the lessons, in presenter order, to follow the audience window. */
  speakerUrls: Record<string, string>;
  /** Each lesson's short name, for the laps. */
  lessonNames: Record<string, string>;
  lessonCount: number;
}

/** The sentence above the step's SQL: not run yet, or how its last run went. */
function stateOf(report: StepReport | null, expected: string): { state: string; text: string } {
  if (!report) return { state: 'not-run', text: `Not run yet. ${expected}` };
  if (report.stopped) return { state: 'fail', text: 'Stopped: it did not finish.' };
  if (report.verdict?.pass) return { state: 'pass', text: `Passed. ${report.verdict.message}` };
  return { state: 'fail', text: `Failed. ${report.verdict?.message ?? ''}` };
}

type Find = ReturnType<typeof finder>;
type StateMessage = Extract<PresenterMessage, { type: 'state' }>;

/** The talk's clock, this stage's lap and the stages so far, ticking every second; restartable. */
function startTalkClock(find: Find, data: SpeakerData): void {
  const time = find('.speaker-clock');
  const lapTime = find('.speaker-lap');
  const laps = find('.speaker-laps');
  const talks = new TalkStore();
  talks.write(enterLesson(talks.read(), data.lesson, Date.now()));
  const tick = () => {
    const talk = talks.read() ?? newTalk(data.lesson, Date.now());
    const { total, lap } = elapsed(talk, Date.now());
    time.textContent = clockText(total);
    lapTime.textContent = `this stage ${clockText(lap)}`;
    const done = finishedLaps(talk);
    const names = done.map(
      (item) => `${data.lessonNames[item.lesson] ?? item.lesson}: ${clockText(item.ms)}`,
    );
    laps.replaceChildren(
      ...(done.length > 0
        ? [
            el('p', { text: 'Stages so far:', className: 'speaker-laps-title' }),
            el('ul', {}, ...names.map((text) => el('li', { text }))),
          ]
        : []),
    );
  };
  tick();
  setInterval(tick, 1000);
  find('.speaker-restart-clock').addEventListener('click', () => {
    talks.write(newTalk(data.lesson, Date.now()));
    tick();
  });
}

/**
 * The speaker window: the step on screen (its SQL, whose lines can be pointed at on the screen, and
 * its verdict), the notes, the next step, the talk's clock and this stage's lap. It follows the
 * audience window and steers it: its keys and buttons do what they do there.
 */
export function startSpeaker(root: HTMLElement): void {
  const data = JSON.parse(root.querySelector('script.speaker-data')?.textContent ?? '{}') as SpeakerData;
  const find = finder(root, 'speaker');
  startTalkClock(find, data);
  new Speaker(find, data).listen();
}

class Speaker {
  #find: Find;
  #data: SpeakerData;
  #channel: PresenterChannel;
  #state: Presentation | undefined;
  #shownIndex = -1;
  #prompt: Prompt = noPrompt;
  /** The line a shift-click extends a range from. */
  #anchor = 0;

  constructor(find: Find, data: SpeakerData) {
    this.#find = find;
    this.#data = data;
    const status = find('.speaker-status');
    this.#channel = new PresenterChannel((message) => {
      if (message.type !== 'state') return;
      status.dataset['linked'] = 'true';
      if (message.lesson !== data.lesson) {
        const url = data.speakerUrls[message.lesson];
        if (url) window.location.assign(url);
        return;
      }
      this.#show(message);
    });
  }

  /** Asks the audience window where it is, and takes this window's buttons and keys. */
  listen(): void {
    const find = this.#find;
    const keys = find<HTMLDetailsElement>('.speaker-keys');
    const gotoSelect = find<HTMLSelectElement>('.speaker-goto-step');
    this.#channel.send({ type: 'hello' });
    const list = keys.querySelector('dl');
    for (const [key, what] of keyHelp) list?.append(el('dt', { text: key }), el('dd', { text: what }));
    for (const step of this.#data.steps) {
      gotoSelect.append(
        el('option', { text: `${step.number}. ${step.title}`, attrs: { value: String(step.number) } }),
      );
    }
    const buttons: [string, () => void][] = [
      ['.speaker-back', () => this.#perform({ kind: 'back' })],
      ['.speaker-forward', () => this.#perform({ kind: 'forward' })],
      ['.speaker-page', () => this.#perform({ kind: 'page', by: 1 })],
      ['.speaker-goto', () => this.#perform({ kind: 'goto', step: Number(gotoSelect.value) })],
      ['.speaker-unpoint', () => this.#perform({ kind: 'highlight', lines: null })],
      ['.speaker-blank', () => this.#perform({ kind: 'blank' })],
      ['.speaker-zoom-out', () => this.#perform({ kind: 'zoom', by: -1 })],
      ['.speaker-zoom-in', () => this.#perform({ kind: 'zoom', by: 1 })],
      ['.speaker-reset', () => this.#ask({ kind: 'reset' })],
    ];
    for (const [selector, action] of buttons) find(selector).addEventListener('click', action);
    document.addEventListener('keydown', (event) => this.#onKey(event));
  }

  #send(command: Command): void {
    this.#channel.send({ type: 'command', command });
  }

  #lineCount(index: number): number {
    return (this.#data.steps[index]?.sql.replace(/\n+$/, '').split('\n') ?? []).length;
  }

  #limits(): Limits {
    return {
      lessons: this.#data.lessonCount,
      steps: this.#data.steps.length,
      lines: this.#lineCount(this.#state?.index ?? 0),
    };
  }

  #pointAt(line: number, extend: boolean): void {
    if (extend && this.#anchor > 0) {
      const from = Math.min(this.#anchor, line);
      this.#send({ kind: 'highlight', lines: { from, to: Math.max(this.#anchor, line) } });
      return;
    }
    this.#anchor = line;
    const lit = this.#state?.lines;
    const same = lit && lit.from === line && lit.to === line;
    this.#send({ kind: 'highlight', lines: same ? null : { from: line, to: line } });
  }

  #drawSql(index: number): void {
    const lines = (this.#data.steps[index]?.sql ?? '').replace(/\n+$/, '').split('\n');
    this.#find('.speaker-sql').replaceChildren(
      ...lines.map((text, position) => {
        const number = position + 1;
        const toggle = el('button', {
          className: 'speaker-line',
          text: String(number),
          attrs: { type: 'button', 'aria-label': `Point at line ${number}`, 'aria-pressed': 'false' },
        });
        toggle.addEventListener('click', (event) => this.#pointAt(number, event.shiftKey));
        const item = el('li', { attrs: { 'data-line': String(number) } }, toggle, el('code', { text }));
        // The whole line is a target for the mouse; the number is the button for the keyboard.
        item.addEventListener('click', (event) => {
          if (event.target !== toggle) this.#pointAt(number, event.shiftKey);
        });
        return item;
      }),
    );
  }

  /** What changes only when the audience window moves to another step: SQL, notes, the next step. */
  #drawStep(index: number): void {
    const step = this.#data.steps[index];
    const after = this.#data.steps[index + 1];
    if (!step) return;
    this.#shownIndex = index;
    this.#anchor = 0;
    this.#drawSql(index);
    const notes = this.#find('.speaker-notes');
    if (step.notesHtml) notes.innerHTML = step.notesHtml;
    else notes.replaceChildren(el('p', { className: 'speaker-empty', text: 'No notes for this step.' }));
    this.#find('.speaker-next').replaceChildren(
      ...(after
        ? [
            el('p', { className: 'speaker-next-title', text: `Next: step ${after.number}, ${after.title}` }),
            el('pre', { text: after.sql }),
          ]
        : [el('p', { className: 'speaker-next-title', text: 'This is the last step of the lesson.' })]),
    );
    this.#find<HTMLSelectElement>('.speaker-goto-step').value = String(step.number);
  }

  #show(message: StateMessage): void {
    const now = message.state;
    this.#state = now;
    const step = this.#data.steps[now.index];
    const after = this.#data.steps[now.index + 1];
    if (!step) return;
    this.#find('.speaker-current').textContent =
      `Step ${step.number} of ${this.#data.steps.length}: ${step.title}`;
    const stateLine = this.#find('.speaker-state');
    const shown = stateOf(message.report, step.expected);
    stateLine.dataset['state'] = shown.state;
    stateLine.textContent = shown.text;
    if (this.#shownIndex !== now.index) this.#drawStep(now.index);
    for (const item of this.#find('.speaker-sql').querySelectorAll<HTMLElement>('li')) {
      const number = Number(item.dataset['line']);
      const lit = !!now.lines && number >= now.lines.from && number <= now.lines.to;
      item.toggleAttribute('data-lit', lit);
      item.querySelector('button')?.setAttribute('aria-pressed', String(lit));
    }
    this.#find('.speaker-report').replaceChildren(...(message.report ? [compactResult(message.report)] : []));
    this.#find('.speaker-forward').textContent = now.ran[now.index]
      ? after
        ? `Next: step ${after.number} →`
        : 'Last step'
      : `Run step ${step.number} →`;
    this.#showScreen(message);
  }

  /** What the audience sees besides the step: the engine, a blank screen, the zoom, an interlude. */
  #showScreen(message: StateMessage): void {
    const now = message.state;
    const screen = [
      message.status,
      now.blank ? 'screen blanked (B)' : '',
      now.zoom === 1 ? '' : `zoom ${Math.round(now.zoom * 100)} %`,
      now.diagram ? '' : 'diagram hidden (D)',
      message.interlude,
    ].filter(Boolean);
    this.#find('.speaker-status').textContent = `Following the audience window: ${screen.join(' · ')}.`;
  }

  #ask(prompt: Prompt): void {
    this.#prompt = prompt;
    this.#find('.speaker-prompt').textContent = promptText(prompt, this.#limits());
  }

  /** A command from this window's keys or buttons: the keys list is this window's own. */
  #perform(command: Command): void {
    const keys = this.#find<HTMLDetailsElement>('.speaker-keys');
    if (command.kind === 'help') keys.open = !keys.open;
    else this.#send(command);
  }

  #onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    const typing = !!target?.closest('input, textarea, select, [contenteditable="true"]');
    // Enter on a focused control does what that says, unless a question is pending.
    if (event.key === 'Enter' && target?.closest('button, a, summary') && this.#prompt.kind === 'none')
      return;
    const { key, shiftKey, ctrlKey, metaKey, altKey } = event;
    const result = press(this.#prompt, { key, shiftKey, ctrlKey, metaKey, altKey, typing }, this.#limits());
    this.#ask(result.prompt);
    if (result.used) event.preventDefault();
    if (result.command) this.#perform(result.command);
  }
}
