import { el } from '../ui/dom';
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

/**
 * The speaker window: the step on screen (its SQL, whose lines can be pointed at on the screen, and
 * its verdict), the notes, the next step, the talk's clock and this stage's lap. It follows the
 * audience window and steers it: its keys and buttons do what they do there.
 */
export function startSpeaker(root: HTMLElement): void {
  const data = JSON.parse(root.querySelector('script.speaker-data')?.textContent ?? '{}') as SpeakerData;
  const find = <T extends HTMLElement>(selector: string) => {
    const found = root.querySelector<T>(selector);
    if (!found) throw new Error(`the speaker page has no ${selector}`);
    return found;
  };
  const current = find('.speaker-current');
  const stateLine = find('.speaker-state');
  const sqlList = find('.speaker-sql');
  const reportBox = find('.speaker-report');
  const notes = find('.speaker-notes');
  const next = find('.speaker-next');
  const status = find('.speaker-status');
  const time = find('.speaker-clock');
  const lapTime = find('.speaker-lap');
  const laps = find('.speaker-laps');
  const keys = find<HTMLDetailsElement>('.speaker-keys');
  const promptLine = find('.speaker-prompt');
  const forwardButton = find<HTMLButtonElement>('.speaker-forward');
  const gotoSelect = find<HTMLSelectElement>('.speaker-goto-step');

  const talks = new TalkStore();
  talks.write(enterLesson(talks.read(), data.lesson, Date.now()));
  const tick = () => {
    const talk = talks.read() ?? newTalk(data.lesson, Date.now());
    const { total, lap } = elapsed(talk, Date.now());
    time.textContent = clockText(total);
    lapTime.textContent = `this stage ${clockText(lap)}`;
    const done = finishedLaps(talk);
    laps.replaceChildren(
      ...(done.length > 0
        ? [
            el('p', { text: 'Stages so far:', className: 'speaker-laps-title' }),
            el(
              'ul',
              {},
              ...done.map((item) =>
                el('li', { text: `${data.lessonNames[item.lesson] ?? item.lesson}: ${clockText(item.ms)}` }),
              ),
            ),
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

  let state: Presentation | undefined;
  let shownIndex = -1;
  let prompt: Prompt = noPrompt;
  /** The line a shift-click extends a range from. */
  let anchor = 0;
  const send = (command: Command) => channel.send({ type: 'command', command });
  const lineCount = (index: number) => (data.steps[index]?.sql.replace(/\n+$/, '').split('\n') ?? []).length;
  const limits = (): Limits => ({
    lessons: data.lessonCount,
    steps: data.steps.length,
    lines: lineCount(state?.index ?? 0),
  });

  const pointAt = (line: number, extend: boolean) => {
    const lit = state?.lines;
    if (extend && anchor > 0) {
      send({ kind: 'highlight', lines: { from: Math.min(anchor, line), to: Math.max(anchor, line) } });
      return;
    }
    anchor = line;
    const same = lit && lit.from === line && lit.to === line;
    send({ kind: 'highlight', lines: same ? null : { from: line, to: line } });
  };

  const drawSql = (index: number) => {
    const lines = (data.steps[index]?.sql ?? '').replace(/\n+$/, '').split('\n');
    sqlList.replaceChildren(
      ...lines.map((text, position) => {
        const number = position + 1;
        const toggle = el('button', {
          className: 'speaker-line',
          text: String(number),
          attrs: { type: 'button', 'aria-label': `Point at line ${number}`, 'aria-pressed': 'false' },
        });
        toggle.addEventListener('click', (event) => pointAt(number, event.shiftKey));
        const item = el('li', { attrs: { 'data-line': String(number) } }, toggle, el('code', { text }));
        // The whole line is a target for the mouse; the number is the button for the keyboard.
        item.addEventListener('click', (event) => {
          if (event.target !== toggle) pointAt(number, event.shiftKey);
        });
        return item;
      }),
    );
  };

  const show = (message: Extract<PresenterMessage, { type: 'state' }>) => {
    const now = message.state;
    state = now;
    const step = data.steps[now.index];
    const after = data.steps[now.index + 1];
    if (!step) return;
    current.textContent = `Step ${step.number} of ${data.steps.length}: ${step.title}`;
    const shown = stateOf(message.report, step.expected);
    stateLine.dataset['state'] = shown.state;
    stateLine.textContent = shown.text;
    if (shownIndex !== now.index) {
      shownIndex = now.index;
      anchor = 0;
      drawSql(now.index);
      if (step.notesHtml) notes.innerHTML = step.notesHtml;
      else notes.replaceChildren(el('p', { className: 'speaker-empty', text: 'No notes for this step.' }));
      next.replaceChildren(
        ...(after
          ? [
              el('p', {
                className: 'speaker-next-title',
                text: `Next: step ${after.number}, ${after.title}`,
              }),
              el('pre', { text: after.sql }),
            ]
          : [el('p', { className: 'speaker-next-title', text: 'This is the last step of the lesson.' })]),
      );
      gotoSelect.value = String(step.number);
    }
    for (const item of sqlList.querySelectorAll<HTMLElement>('li')) {
      const number = Number(item.dataset['line']);
      const lit = !!now.lines && number >= now.lines.from && number <= now.lines.to;
      item.toggleAttribute('data-lit', lit);
      item.querySelector('button')?.setAttribute('aria-pressed', String(lit));
    }
    reportBox.replaceChildren(...(message.report ? [compactResult(message.report)] : []));
    forwardButton.textContent = now.ran[now.index]
      ? after
        ? `Next: step ${after.number} →`
        : 'Last step'
      : `Run step ${step.number} →`;
    const screen = [
      message.status,
      now.blank ? 'screen blanked (B)' : '',
      now.zoom === 1 ? '' : `zoom ${Math.round(now.zoom * 100)} %`,
      now.diagram ? '' : 'diagram hidden (D)',
      message.interlude,
    ].filter(Boolean);
    status.textContent = `Following the audience window: ${screen.join(' · ')}.`;
  };

  const channel = new PresenterChannel((message) => {
    if (message.type !== 'state') return;
    status.dataset['linked'] = 'true';
    if (message.lesson !== data.lesson) {
      const url = data.speakerUrls[message.lesson];
      if (url) window.location.assign(url);
      return;
    }
    show(message);
  });
  channel.send({ type: 'hello' });

  const showPrompt = () => {
    promptLine.textContent = promptText(prompt, limits());
  };
  /** A command from this window's keys or buttons: the keys list is this window's own. */
  const perform = (command: Command) => {
    if (command.kind === 'help') keys.open = !keys.open;
    else send(command);
  };

  const list = keys.querySelector('dl');
  for (const [key, what] of keyHelp) list?.append(el('dt', { text: key }), el('dd', { text: what }));
  for (const step of data.steps) {
    gotoSelect.append(
      el('option', { text: `${step.number}. ${step.title}`, attrs: { value: String(step.number) } }),
    );
  }
  const buttons: [string, () => void][] = [
    ['.speaker-back', () => perform({ kind: 'back' })],
    ['.speaker-forward', () => perform({ kind: 'forward' })],
    ['.speaker-page', () => perform({ kind: 'page', by: 1 })],
    ['.speaker-goto', () => perform({ kind: 'goto', step: Number(gotoSelect.value) })],
    ['.speaker-unpoint', () => perform({ kind: 'highlight', lines: null })],
    ['.speaker-blank', () => perform({ kind: 'blank' })],
    ['.speaker-zoom-out', () => perform({ kind: 'zoom', by: -1 })],
    ['.speaker-zoom-in', () => perform({ kind: 'zoom', by: 1 })],
    [
      '.speaker-reset',
      () => {
        prompt = { kind: 'reset' };
        showPrompt();
      },
    ],
  ];
  for (const [selector, action] of buttons) find(selector).addEventListener('click', action);

  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    const typing = !!target?.closest('input, textarea, select, [contenteditable="true"]');
    // Enter on a focused control does what that says, unless a question is pending.
    if (event.key === 'Enter' && target?.closest('button, a, summary') && prompt.kind === 'none') return;
    const { key, shiftKey, ctrlKey, metaKey, altKey } = event;
    const result = press(prompt, { key, shiftKey, ctrlKey, metaKey, altKey, typing }, limits());
    prompt = result.prompt;
    showPrompt();
    if (result.used) event.preventDefault();
    if (result.command) perform(result.command);
  });
}
