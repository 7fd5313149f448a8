import type { Outcome } from '../engine/execute';
import { button, el } from '../ui/dom';
import { stoppedNotes } from './describeStop';
import { dockHeight, dockStep, firstDockShare } from './dockHeight';
import type { EngineClient, Observed, Source } from './EngineClient';
import type { EditorHandle } from './editor/createEditor';
import type { SchemaStore } from './editor/SchemaStore';
import { renderOutcome, showWhenObserved } from './renderOutcome';
import { editKey, loadEdit, loadList, saveEdit, saveList } from './savedEdits';

const historyLimit = 100;
const source: Source = { kind: 'console' };

export interface ConsoleHost {
  engine: EngineClient;
  schema: SchemaStore;
  lesson: string;
  announce(message: string): void;
  /** Numbers of the lesson's steps that have not run, for a hint when the console's SQL fails. */
  stepsNotRun(): number[];
  describeRun(outcome: Outcome, observed: Observed): HTMLElement | null;
  /** The console was docked or put back. */
  docked(docked: boolean): void;
}

/**
 * A free SQL console on the lesson's database, with ↑/↓ history kept per lesson. Its editor loads
 * when the console comes near the screen, or is first used.
 */
export class ConsoleController {
  readonly #host: ConsoleHost;
  readonly #historyKey: string;
  readonly #draftKey: string;
  readonly #log = el('div', { className: 'console-log' });
  readonly #holder = el('div', { className: 'step-editor console-editor' });
  readonly #cancelButton: HTMLButtonElement;
  readonly #section: HTMLElement;
  readonly #undock: HTMLButtonElement;
  readonly #grip: HTMLElement;
  /** The docked height the learner chose, in px; two fifths of the screen until they do. */
  #height: number | undefined;
  #history: string[];
  #editor: Promise<EditorHandle> | undefined;

  constructor(section: HTMLElement, host: ConsoleHost) {
    this.#host = host;
    this.#section = section;
    this.#undock = button('Close', () => void this.setDocked(false), 'button button-small console-close');
    this.#undock.setAttribute('aria-label', 'Close the docked console (it stays at the end of the page)');
    this.#undock.hidden = true;
    this.#grip = this.#makeGrip();
    section.querySelector('.console-head')?.append(this.#grip, this.#undock);
    window.addEventListener('resize', () => {
      if (this.docked) this.#setHeight(this.#height ?? 0);
    });
    section.addEventListener('keydown', (event) => {
      // After CodeMirror has had it: Escape that closed a completion list is not for us.
      if (event.key === 'Escape' && !event.defaultPrevented && this.docked) void this.setDocked(false);
    });
    this.#historyKey = `cqrs-in-postgres:console-history:v1:${host.lesson}`;
    this.#draftKey = editKey(host.lesson, '__console__');
    this.#history = loadList(this.#historyKey);
    const runButton = button('Run', () => void this.run(), 'button button-primary');
    runButton.setAttribute('aria-label', 'Run the console SQL');
    // The console's Cancel stops the console's own statement, never a step's.
    this.#cancelButton = button('Cancel', () => host.engine.cancel(source), 'button button-cancel');
    this.#cancelButton.setAttribute('aria-label', 'Cancel the console statement');
    this.#cancelButton.hidden = true;
    const clearButton = button('Clear output', () => this.#log.replaceChildren());
    const controls = el('div', { className: 'step-controls' }, runButton, this.#cancelButton, clearButton);
    section.append(this.#holder, controls, this.#log);
    const near = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        near.disconnect();
        void this.#load();
      },
      { rootMargin: '400px' },
    );
    near.observe(section);
    section.addEventListener('focusin', () => void this.#load());
  }

  get docked(): boolean {
    return this.#section.classList.contains('console-docked');
  }

  /**
   * Docks the console to the bottom of the screen, over whatever the reader is at, with its editor
   * focused; or puts it back at the end of the page.
   */
  async setDocked(docked: boolean): Promise<void> {
    this.#section.classList.toggle('console-docked', docked);
    document.documentElement.classList.toggle('has-docked-console', docked);
    this.#undock.hidden = !docked;
    this.#grip.hidden = !docked;
    if (docked) this.#setHeight(this.#height ?? window.innerHeight * firstDockShare);
    this.#host.docked(docked);
    if (docked) (await this.#load()).focus();
  }

  /**
   * A handle to resize the docked console: dragged with a finger or a mouse, or moved with the
   * arrow keys, as a window splitter is (ARIA separator).
   */
  #makeGrip(): HTMLElement {
    const grip = el('div', {
      className: 'console-grip',
      attrs: {
        role: 'separator',
        tabindex: '0',
        'aria-orientation': 'horizontal',
        'aria-label': 'Resize the docked console',
        'aria-controls': 'console',
        hidden: '',
      },
    });
    grip.addEventListener('keydown', (event) => {
      const now = this.#height ?? 0;
      const to: Record<string, number> = {
        ArrowUp: now + dockStep,
        ArrowDown: now - dockStep,
        Home: window.innerHeight,
        End: 0,
      };
      const next = to[event.key];
      if (next === undefined) return;
      event.preventDefault();
      this.#setHeight(next);
    });
    grip.addEventListener('pointerdown', (event) => {
      event.preventDefault();
      grip.setPointerCapture(event.pointerId);
      const move = (moved: PointerEvent) => this.#setHeight(window.innerHeight - moved.clientY);
      grip.addEventListener('pointermove', move);
      grip.addEventListener('pointerup', () => grip.removeEventListener('pointermove', move), { once: true });
    });
    return grip;
  }

  /** Docked at this height (within bounds), with the page given as much room below its end. */
  #setHeight(wanted: number) {
    const viewport = window.innerHeight;
    const height = dockHeight(wanted, viewport);
    this.#height = height;
    this.#section.style.setProperty('--dock-height', `${height}px`);
    document.documentElement.style.setProperty('--dock-height', `${height}px`);
    this.#grip.setAttribute('aria-valuenow', String(Math.round((height / viewport) * 100)));
    this.#grip.setAttribute('aria-valuemin', String(Math.round((dockHeight(0, viewport) / viewport) * 100)));
    this.#grip.setAttribute('aria-valuemax', '50');
    this.#grip.setAttribute('aria-valuetext', `${Math.round((height / viewport) * 100)}% of the screen`);
  }

  /** Opens the console at `sql`, ready to edit: from elsewhere on the page. */
  async open(sql: string): Promise<void> {
    const editor = await this.#load();
    editor.setText(sql);
    editor.focus();
  }

  #load(): Promise<EditorHandle> {
    this.#editor ??= import('./editor/createEditor').then(({ createEditor }) => {
      const draft = loadEdit(this.#draftKey);
      return createEditor({
        parent: this.#holder,
        doc: draft.kind === 'edit' ? draft.sql : '',
        label: 'Scratch SQL console',
        placeholder: 'SQL for this lesson’s database, e.g. SELECT * FROM users_0;  or \\d users_0',
        schema: this.#host.schema,
        run: () => void this.run(),
        changed: (text) => saveEdit(this.#draftKey, text),
        history: () => this.#history,
      });
    });
    return this.#editor;
  }

  async run(): Promise<void> {
    const { engine, announce } = this.#host;
    const editor = await this.#load();
    const sql = editor.text();
    if (sql.trim() && this.#history.at(-1) !== sql) {
      this.#history = [...this.#history, sql].slice(-historyLimit);
      saveList(this.#historyKey, this.#history);
    }
    const entry = el('div', { className: 'console-entry' });
    const echo = el('pre', {
      className: 'console-echo',
      text: sql.length > 2000 ? `${sql.slice(0, 2000)}…` : sql,
    });
    entry.append(echo, el('p', { className: 'outcome-note', text: 'Running…' }));
    this.#log.prepend(entry);
    this.#cancelButton.hidden = false;
    const reply = await engine.run(sql, source);
    this.#cancelButton.hidden = true;
    entry.replaceChildren(echo);
    if (reply.kind !== 'done') {
      entry.append(...stoppedNotes(reply, engine.timeoutMs));
      announce('The console statement was stopped.');
      return;
    }
    const { outcome } = reply;
    const { result } = outcome;
    editor.markError(result.ok ? undefined : result.error.position);
    entry.append(renderOutcome(outcome));
    showWhenObserved(entry, outcome, reply.observed, this.#host.describeRun);
    const notRun = this.#host.stepsNotRun();
    const meta = sql.trimStart().startsWith('\\');
    // Undefined table, column, object or function: most likely the steps that create them.
    if (
      !result.ok &&
      !meta &&
      ['42P01', '42703', '42704', '42883'].includes(result.error.code) &&
      notRun.length > 0
    ) {
      const steps = notRun.length === 1 ? `Step ${notRun[0]} has` : `Steps ${notRun.join(', ')} have`;
      entry.append(
        el('p', {
          className: 'outcome-note',
          text: `${steps} not run yet, so the database may not have what this SQL expects. "Run all steps" brings it up to date.`,
        }),
      );
    }
    // Clear the input for the next command, like a shell; a failed command stays to be fixed.
    if (result.ok) editor.setText('', 'delete');
    announce(result.ok ? 'Console: done.' : `Console: error ${result.error.code}.`);
  }
}
