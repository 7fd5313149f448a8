import { EditorView } from '@codemirror/view';
import { judge } from '../engine/judge';
import type { Expectation } from '../lesson/types';
import { button, el } from './dom';
import type { EngineClient, RunReply } from './EngineClient';
import { baseSetup } from './editor/baseSetup';
import { compareSlot, setComparison } from './editor/compareWith';
import { errorMark, showErrorAt } from './editor/errorMark';
import { liveSchema, updateSchema } from './editor/liveSchema';
import { runShortcut } from './editor/runShortcut';
import { renderOutcome } from './renderOutcome';
import { editKey, forgetEdit, loadEdit, saveEdit } from './savedEdits';

export interface StepData {
  id: string;
  number: number;
  title: string;
  sql: string;
  expect: Expectation;
}

export type StepState = 'not-run' | 'running' | 'ok' | 'failed' | 'unexpected';

const stateLabels: Record<StepState, string> = {
  'not-run': 'Not run',
  running: 'Running…',
  ok: 'As expected',
  failed: 'Failed',
  unexpected: 'Not as the lesson says',
};

export interface StepHost {
  engine: EngineClient;
  lesson: string;
  /** Runs this step, after any earlier steps that have not run yet. */
  requestRun(step: StepController): void;
  announce(message: string): void;
}

/** One runnable, editable step: the Shiki-highlighted SQL becomes an editor with a Run button. */
export class StepController {
  state: StepState = 'not-run';
  readonly view: EditorView;
  readonly #data: StepData;
  readonly #host: StepHost;
  readonly #key: string;
  readonly #badge = el('span', {
    className: 'step-state',
    attrs: { 'data-state': 'not-run' },
    text: 'Not run',
  });
  readonly #edited = el('span', { className: 'step-edited', text: 'Edited', attrs: { hidden: '' } });
  readonly #output = el('div', { className: 'step-output' });
  readonly #notice = el('p', { className: 'step-notice', attrs: { hidden: '' } });
  readonly #runButton: HTMLButtonElement;
  readonly #cancelButton: HTMLButtonElement;
  readonly #compareButton: HTMLButtonElement;
  readonly #resetButton: HTMLButtonElement;
  #comparing = false;

  constructor(section: HTMLElement, data: StepData, host: StepHost) {
    this.#data = data;
    this.#host = host;
    this.#key = editKey(host.lesson, data.id);
    const saved = loadEdit(this.#key);

    const highlighted = section.querySelector<HTMLElement>('.step-sql');
    const holder = el('div', { className: 'step-editor' });
    // Keep the highlighted SQL's height until the editor has drawn, so nothing below it jumps.
    if (highlighted) holder.style.minHeight = `${highlighted.offsetHeight}px`;
    highlighted?.replaceWith(holder);
    this.view = new EditorView({
      parent: holder,
      doc: saved.kind === 'edit' ? saved.sql : data.sql,
      extensions: [
        baseSetup(`SQL of step ${data.number}, ${data.title}`),
        liveSchema(),
        runShortcut(() => host.requestRun(this)),
        errorMark(),
        compareSlot(),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) this.#saveEdit();
        }),
      ],
    });
    requestAnimationFrame(() => holder.style.removeProperty('min-height'));

    const label = `step ${data.number}, ${data.title}`;
    this.#runButton = button('Run', () => host.requestRun(this), 'button button-primary');
    this.#runButton.setAttribute('aria-label', `Run ${label}`);
    this.#cancelButton = button('Cancel', () => host.engine.cancel(), 'button button-cancel');
    this.#cancelButton.setAttribute('aria-label', `Cancel ${label}`);
    this.#cancelButton.hidden = true;
    this.#compareButton = button('Compare with original', () => this.#toggleCompare());
    this.#compareButton.setAttribute('aria-pressed', 'false');
    this.#resetButton = button('Restore original SQL', () => this.#restoreOriginal());
    this.#resetButton.setAttribute('aria-label', `Restore the original SQL of ${label}`);

    const controls = el('div', { className: 'step-controls' });
    controls.append(
      this.#runButton,
      this.#cancelButton,
      this.#badge,
      this.#edited,
      this.#compareButton,
      this.#resetButton,
    );
    // The expected outcome stays next to the SQL; what actually happened comes below it.
    (section.querySelector('.expectation') ?? holder).after(controls, this.#notice, this.#output);
    if (saved.kind === 'unreadable') {
      this.#showNotice(
        `A saved edit of this step could not be read and was set aside (localStorage key "${saved.movedTo}"). The original SQL is shown.`,
      );
    }
    this.#markEdited();
  }

  get data(): StepData {
    return this.#data;
  }

  /** Runs the editor's SQL now and shows the outcome. `note` explains why it ran, if not clicked. */
  async execute(note?: string): Promise<void> {
    const previous = this.state;
    this.#setState('running');
    this.#cancelButton.hidden = false;
    this.#output.replaceChildren(el('p', { className: 'outcome-note', text: 'Running…' }));
    const sql = this.view.state.doc.toString();
    let reply: RunReply;
    try {
      reply = await this.#host.engine.run(sql);
    } catch (error) {
      reply = { kind: 'stopped', reason: 'crashed', detail: (error as Error).message, recoveryMs: 0 };
    }
    this.#cancelButton.hidden = true;
    this.#output.replaceChildren();
    if (note) this.#output.append(el('p', { className: 'outcome-note run-note', text: note }));

    if (reply.kind === 'stopped') {
      this.#setState(previous === 'running' ? 'not-run' : previous);
      const why = {
        cancelled: 'You cancelled the statement.',
        timeout: `The statement ran longer than ${this.#host.engine.timeoutMs / 1000} s and was stopped.`,
        crashed: `The database engine stopped unexpectedly${reply.detail ? ` (${reply.detail})` : ''}.`,
      }[reply.reason];
      const message = `${why} PostgreSQL was restarted and everything run before it was restored, in ${Math.round(reply.recoveryMs)} ms; this step's SQL did not take effect.`;
      this.#output.append(el('p', { className: 'stopped', attrs: { role: 'alert' }, text: message }));
      this.#host.announce(`Step ${this.#data.number} stopped.`);
      return;
    }

    const { result } = reply.outcome;
    const position = !result.ok
      ? showErrorAt(this.view, result.error.position)
      : showErrorAt(this.view, undefined);
    const verdict = judge(this.#data.expect, result);
    const edited = this.#isEdited();
    this.#setState(verdict.pass ? 'ok' : result.ok ? 'unexpected' : 'failed');
    const verdictText = edited
      ? `${verdict.message} (The lesson's expectation is for its original SQL; you edited it.)`
      : verdict.message;
    this.#output.append(
      el('p', {
        className: `verdict verdict-${verdict.pass ? 'pass' : 'fail'}`,
        attrs: verdict.pass ? {} : { role: 'alert' },
        text: verdictText,
      }),
    );
    if (!result.ok && previous !== 'not-run' && !edited) {
      this.#output.append(
        el('p', {
          className: 'outcome-note',
          text: 'This step had already run once. To see it as the lesson shows it, use "Reset lesson" and run it again.',
        }),
      );
    }
    if (position) {
      this.#output.append(
        el('p', {
          className: 'outcome-note',
          text: `The error is at line ${position.line}, column ${position.column} (underlined in the editor).`,
        }),
      );
    }
    this.#output.append(renderOutcome(reply.outcome));
    this.#host.announce(`Step ${this.#data.number}: ${verdict.message}`);
  }

  /** Back to "not run", as after a lesson reset. The learner's edits stay. */
  clear(): void {
    this.#setState('not-run');
    this.#output.replaceChildren();
    showErrorAt(this.view, undefined);
  }

  setSchema(tables: Record<string, string[]>): void {
    updateSchema(this.view, tables);
  }

  #setState(state: StepState) {
    this.state = state;
    this.#badge.dataset['state'] = state;
    this.#badge.textContent = stateLabels[state];
  }

  #isEdited(): boolean {
    return this.view.state.doc.toString() !== this.#data.sql;
  }

  #saveEdit() {
    if (this.#isEdited()) {
      if (!saveEdit(this.#key, this.view.state.doc.toString())) {
        this.#showNotice(
          'This browser is not saving edits (storage is full or disabled). Copy your SQL before leaving the page.',
        );
      }
    } else {
      forgetEdit(this.#key);
    }
    this.#markEdited();
  }

  #markEdited() {
    const edited = this.#isEdited();
    this.#edited.hidden = !edited;
    this.#compareButton.hidden = !edited && !this.#comparing;
    this.#resetButton.hidden = !edited;
  }

  #toggleCompare() {
    this.#comparing = !this.#comparing;
    setComparison(this.view, this.#comparing ? this.#data.sql : null);
    this.#compareButton.setAttribute('aria-pressed', String(this.#comparing));
    this.#markEdited();
  }

  #restoreOriginal() {
    const current = this.view.state.doc.toString();
    this.view.dispatch({ changes: { from: 0, to: current.length, insert: this.#data.sql } });
    if (this.#comparing) this.#toggleCompare();
    this.#showNotice('The original SQL is back. Undo (Ctrl+Z) brings your edit back.');
  }

  #showNotice(text: string) {
    this.#notice.textContent = text;
    this.#notice.hidden = false;
  }
}
