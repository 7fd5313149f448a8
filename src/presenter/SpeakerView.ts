import { el } from '../client/dom';
import { PresenterChannel } from './channel';
import { commandFor, keyHelp } from './keys';
import type { Presentation } from './presentation';
import './presenter.css';

export interface SpeakerData {
  lesson: string;
  /** Each step's title, SQL and speaker notes (HTML rendered from the lesson's Markdown at build time). */
  steps: { number: number; title: string; sql: string; notesHtml: string }[];
  /** Speaker-view URLs of the lessons, in presenter order, to follow the audience window. */
  speakerUrls: Record<string, string>;
  lessonCount: number;
}

const clock = (ms: number) => {
  const seconds = Math.floor(ms / 1000);
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
};

/**
 * The speaker window: the current step's notes, the next step, a clock. It follows the audience
 * window and steers it: its keys do what they do there.
 */
export function startSpeaker(root: HTMLElement): void {
  const data = JSON.parse(root.querySelector('script.speaker-data')?.textContent ?? '{}') as SpeakerData;
  const current = root.querySelector<HTMLElement>('.speaker-current');
  const notes = root.querySelector<HTMLElement>('.speaker-notes');
  const next = root.querySelector<HTMLElement>('.speaker-next');
  const status = root.querySelector<HTMLElement>('.speaker-status');
  const time = root.querySelector<HTMLElement>('.speaker-clock');
  if (!current || !notes || !next || !status || !time) throw new Error('the speaker page is incomplete');

  const started = Date.now();
  const tick = () => {
    time.textContent = clock(Date.now() - started);
  };
  tick();
  setInterval(tick, 1000);

  const show = (state: Presentation) => {
    const step = data.steps[state.index];
    const after = data.steps[state.index + 1];
    if (!step) return;
    current.textContent = `Step ${step.number} of ${data.steps.length}: ${step.title}${state.ran[state.index] ? ' (ran)' : ''}`;
    if (step.notesHtml) notes.innerHTML = step.notesHtml;
    else notes.replaceChildren(el('p', { className: 'speaker-empty', text: 'No notes for this step.' }));
    next.replaceChildren(
      ...(after
        ? [
            el('p', { className: 'speaker-next-title', text: `Next: step ${after.number}, ${after.title}` }),
            el('pre', { text: after.sql }),
          ]
        : [el('p', { text: 'This is the last step of the lesson.' })]),
    );
  };

  const channel = new PresenterChannel((message) => {
    if (message.type !== 'state') return;
    status.textContent = 'Following the audience window.';
    status.dataset['linked'] = 'true';
    if (message.lesson !== data.lesson) {
      const url = data.speakerUrls[message.lesson];
      if (url) window.location.assign(url);
      return;
    }
    show(message.state);
  });
  channel.send({ type: 'hello' });

  const list = root.querySelector('.speaker-keys dl');
  for (const [keys, what] of keyHelp) list?.append(el('dt', { text: keys }), el('dd', { text: what }));
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    if ((event.key === ' ' || event.key === 'Enter') && target?.closest('button, a')) return;
    const command = commandFor(
      { key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey },
      data.lessonCount,
    );
    if (!command || command.kind === 'help' || command.kind === 'close') return;
    event.preventDefault();
    channel.send({ type: 'command', command });
  });
}
