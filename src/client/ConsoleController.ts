import { EditorView, placeholder } from '@codemirror/view';
import type { Outcome } from '../engine/execute';
import { describeStop } from './describeStop';
import { button, el } from './dom';
import type { EngineClient, Source } from './EngineClient';
import { baseSetup } from './editor/baseSetup';
import { errorMark, showErrorAt } from './editor/errorMark';
import { inputHistory } from './editor/inputHistory';
import { liveSchema, type SchemaStore } from './editor/liveSchema';
import { runShortcut } from './editor/runShortcut';
import { renderOutcome } from './renderOutcome';
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
  describeRun(outcome: Outcome): HTMLElement | null;
}

/** A free SQL console on the lesson's database, with ↑/↓ history kept per lesson. */
export class ConsoleController {
  readonly view: EditorView;
  readonly #host: ConsoleHost;
  readonly #historyKey: string;
  readonly #draftKey: string;
  readonly #log = el('div', { className: 'console-log' });
  readonly #cancelButton: HTMLButtonElement;
  #history: string[];

  constructor(section: HTMLElement, host: ConsoleHost) {
    this.#host = host;
    this.#historyKey = `cqrs-in-postgres:console-history:v1:${host.lesson}`;
    this.#draftKey = editKey(host.lesson, '__console__');
    this.#history = loadList(this.#historyKey);
    const draft = loadEdit(this.#draftKey);
    const holder = el('div', { className: 'step-editor console-editor' });
    this.view = new EditorView({
      parent: holder,
      doc: draft.kind === 'edit' ? draft.sql : '',
      extensions: [
        baseSetup('Scratch SQL console'),
        placeholder('SQL for this lesson’s database, e.g. SELECT * FROM users_0;  or \\d users_0'),
        liveSchema(host.schema),
        runShortcut(() => void this.run()),
        inputHistory(() => this.#history),
        errorMark(),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) saveEdit(this.#draftKey, update.state.doc.toString());
        }),
      ],
    });
    const runButton = button('Run', () => void this.run(), 'button button-primary');
    runButton.setAttribute('aria-label', 'Run the console SQL');
    // The console's Cancel stops the console's own statement, never a step's.
    this.#cancelButton = button('Cancel', () => host.engine.cancel(source), 'button button-cancel');
    this.#cancelButton.setAttribute('aria-label', 'Cancel the console statement');
    this.#cancelButton.hidden = true;
    const clearButton = button('Clear output', () => this.#log.replaceChildren());
    const controls = el('div', { className: 'step-controls' }, runButton, this.#cancelButton, clearButton);
    section.append(holder, controls, this.#log);
  }

  async run(): Promise<void> {
    const { engine, announce } = this.#host;
    const sql = this.view.state.doc.toString();
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
      const message =
        reply.kind === 'unavailable' ? `Not run: ${reply.message}` : describeStop(reply, engine.timeoutMs);
      entry.append(el('p', { className: 'stopped', attrs: { role: 'alert' }, text: message }));
      if (reply.kind === 'stopped' && reply.recovery.problems.length > 0) {
        entry.append(
          el(
            'ul',
            { className: 'stopped-problems' },
            ...reply.recovery.problems.map((text) => el('li', { text })),
          ),
        );
      }
      announce('The console statement was stopped.');
      return;
    }
    const { outcome } = reply;
    const { result } = outcome;
    showErrorAt(this.view, result.ok ? undefined : result.error.position);
    entry.append(renderOutcome(outcome));
    const path = this.#host.describeRun(outcome);
    if (path) entry.append(path);
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
    if (result.ok) {
      this.view.dispatch({
        changes: { from: 0, to: this.view.state.doc.length, insert: '' },
        userEvent: 'delete',
      });
    }
    announce(result.ok ? 'Console: done.' : `Console: error ${result.error.code}.`);
  }
}
