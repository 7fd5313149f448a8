import { EditorView } from '@codemirror/view';
import { button, el } from './dom';
import type { EngineClient } from './EngineClient';
import { baseSetup } from './editor/baseSetup';
import { errorMark, showErrorAt } from './editor/errorMark';
import { inputHistory } from './editor/inputHistory';
import { liveSchema, updateSchema } from './editor/liveSchema';
import { runShortcut } from './editor/runShortcut';
import { renderOutcome } from './renderOutcome';
import { editKey, loadEdit, loadList, saveEdit, saveList } from './savedEdits';

const historyLimit = 100;

/** A free SQL console on the lesson's database, with ↑/↓ history kept per lesson. */
export class ConsoleController {
  readonly view: EditorView;
  readonly #engine: EngineClient;
  readonly #historyKey: string;
  readonly #draftKey: string;
  readonly #log = el('div', { className: 'console-log' });
  readonly #cancelButton: HTMLButtonElement;
  #history: string[];

  /** Numbers of the lesson's steps that have not run, for a hint when the console's SQL fails. */
  readonly #stepsNotRun: () => number[];

  constructor(
    section: HTMLElement,
    lesson: string,
    engine: EngineClient,
    announce: (message: string) => void,
    stepsNotRun: () => number[],
  ) {
    this.#stepsNotRun = stepsNotRun;
    this.#engine = engine;
    this.#historyKey = `cqrs-in-postgres:console-history:v1:${lesson}`;
    this.#draftKey = editKey(lesson, '__console__');
    this.#history = loadList(this.#historyKey);
    const draft = loadEdit(this.#draftKey);
    const holder = el('div', { className: 'step-editor console-editor' });
    this.view = new EditorView({
      parent: holder,
      doc: draft.kind === 'edit' ? draft.sql : '',
      extensions: [
        baseSetup('Scratch SQL console'),
        liveSchema(),
        runShortcut(() => void this.run(announce)),
        inputHistory(() => this.#history),
        errorMark(),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) saveEdit(this.#draftKey, update.state.doc.toString());
        }),
      ],
    });
    const runButton = button('Run', () => void this.run(announce), 'button button-primary');
    runButton.setAttribute('aria-label', 'Run the console SQL');
    this.#cancelButton = button('Cancel', () => engine.cancel(), 'button button-cancel');
    this.#cancelButton.hidden = true;
    const clearButton = button('Clear output', () => this.#log.replaceChildren());
    const controls = el('div', { className: 'step-controls' }, runButton, this.#cancelButton, clearButton);
    section.append(holder, controls, this.#log);
  }

  async run(announce: (message: string) => void): Promise<void> {
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
    const reply = await this.#engine.run(sql);
    this.#cancelButton.hidden = true;
    entry.replaceChildren(echo);
    if (reply.kind === 'stopped') {
      const message = `${reply.reason === 'timeout' ? 'Stopped: it ran too long.' : reply.reason === 'cancelled' ? 'Cancelled.' : 'The engine stopped unexpectedly.'} PostgreSQL was restarted and the earlier state restored.`;
      entry.append(el('p', { className: 'stopped', attrs: { role: 'alert' }, text: message }));
      announce('The console statement was stopped.');
      return;
    }
    const { result } = reply.outcome;
    showErrorAt(this.view, result.ok ? undefined : result.error.position);
    entry.append(renderOutcome(reply.outcome));
    const notRun = this.#stepsNotRun();
    // Undefined table, column, object or function: most likely the steps that create them.
    if (!result.ok && ['42P01', '42703', '42704', '42883'].includes(result.error.code) && notRun.length > 0) {
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

  setSchema(tables: Record<string, string[]>): void {
    updateSchema(this.view, tables);
  }
}
