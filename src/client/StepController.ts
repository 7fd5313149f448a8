import { EditorView } from '@codemirror/view';
import type { Outcome } from '../engine/execute';
import { judge } from '../engine/judge';
import type { Expectation } from '../lesson/types';
import { describeStop } from './describeStop';
import { button, el } from './dom';
import type { EngineClient, RunReply, Source } from './EngineClient';
import { baseSetup } from './editor/baseSetup';
import { compareSlot, setComparison } from './editor/compareWith';
import { errorMark, showErrorAt } from './editor/errorMark';
import { liveSchema, type SchemaStore } from './editor/liveSchema';
import { runShortcut } from './editor/runShortcut';
import { renderMismatch } from './renderMismatch';
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
  schema: SchemaStore;
  lesson: string;
  /** Runs this step, after any earlier steps that have not run yet. */
  requestRun(step: StepController): void;
  announce(message: string): void;
  /** What the run did, drawn: the write path through the triggers. Null when it touched nothing. */
  describeRun(outcome: Outcome): HTMLElement | null;
}

/** One runnable, editable step: the Shiki-highlighted SQL becomes an editor with a Run button. */
export class StepController {
  state: StepState = 'not-run';
  readonly view: EditorView;
  readonly source: Source;
  readonly #data: StepData;
  readonly #host: StepHost;
  readonly #key: string;
  readonly #section: HTMLElement;
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
  /** The SQL as it was when the step last ran: an edit after that makes the verdict stale. */
  #ranSql: string | undefined;

  constructor(section: HTMLElement, data: StepData, host: StepHost) {
    this.#data = data;
    this.#host = host;
    this.#section = section;
    this.source = { kind: 'step', lesson: host.lesson, id: data.id, number: data.number };
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
        liveSchema(host.schema),
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
    this.#cancelButton = button('Cancel', () => host.engine.cancel(this.source), 'button button-cancel');
    this.#cancelButton.setAttribute('aria-label', `Cancel ${label}`);
    this.#cancelButton.hidden = true;
    this.#compareButton = button('Compare with original', () => this.#toggleCompare());
    this.#compareButton.setAttribute('aria-pressed', 'false');
    this.#resetButton = button('Restore original SQL', () => this.restoreOriginal());
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
    if (saved.kind === 'unreadable') this.#showNotice(saved.message);
    this.#markEdited();
  }

  get data(): StepData {
    return this.#data;
  }

  get section(): HTMLElement {
    return this.#section;
  }

  /** Runs the editor's SQL now and shows the outcome. `note` explains why it ran, if not clicked. */
  async execute(note?: string): Promise<void> {
    const previous = this.state;
    this.#setState('running');
    this.#cancelButton.hidden = false;
    this.#output.replaceChildren(el('p', { className: 'outcome-note', text: 'Running…' }));
    const sql = this.view.state.doc.toString();
    const reply: RunReply = await this.#host.engine.run(sql, this.source);
    this.#cancelButton.hidden = true;
    this.#output.replaceChildren();
    if (note) this.#output.append(el('p', { className: 'outcome-note run-note', text: note }));

    if (reply.kind !== 'done') {
      this.#setState(previous === 'running' ? 'not-run' : previous);
      const message =
        reply.kind === 'unavailable'
          ? `Not run: ${reply.message}`
          : `${describeStop(reply, this.#host.engine.timeoutMs)} This step's SQL did not take effect.`;
      this.#output.append(el('p', { className: 'stopped', attrs: { role: 'alert' }, text: message }));
      if (reply.kind === 'stopped' && reply.recovery.problems.length > 0) {
        this.#output.append(
          el(
            'ul',
            { className: 'stopped-problems' },
            ...reply.recovery.problems.map((text) => el('li', { text })),
          ),
        );
      }
      this.#host.announce(`Step ${this.#data.number} stopped.`);
      return;
    }

    this.#ranSql = sql;
    const { outcome } = reply;
    const { result } = outcome;
    const position = showErrorAt(this.view, result.ok ? undefined : result.error.position);
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
        text: position
          ? `${verdictText} At line ${position.line}, column ${position.column} (underlined).`
          : verdictText,
      }),
    );
    if (!verdict.pass && result.ok) {
      const mismatch = renderMismatch(this.#data.expect, result);
      if (mismatch) this.#output.append(mismatch);
    }
    if (!result.ok && previous !== 'not-run' && !edited) {
      this.#output.append(
        el('p', {
          className: 'outcome-note',
          text: 'This step had already run once. To see it as the lesson shows it, use "Reset lesson" and run it again.',
        }),
      );
    }
    const path = this.#host.describeRun(outcome);
    // The verdict already names an unexpected error; the box with its fields follows once.
    this.#output.append(renderOutcome(outcome));
    if (path) this.#output.append(path);
    this.#host.announce(`Step ${this.#data.number}: ${verdict.message}`);
  }

  /** Back to "not run", as after a lesson reset, or with `why` when a rollback undid the step. */
  clear(why?: string): void {
    this.#setState('not-run');
    this.#ranSql = undefined;
    showErrorAt(this.view, undefined);
    if (why) {
      this.#output.prepend(
        el('p', { className: 'stopped undone-note', attrs: { role: 'status' }, text: why }),
      );
    } else {
      this.#output.replaceChildren();
    }
  }

  restoreOriginal(): void {
    const current = this.view.state.doc.toString();
    if (current === this.#data.sql) return;
    this.view.dispatch({ changes: { from: 0, to: current.length, insert: this.#data.sql } });
    if (this.#comparing) this.#toggleCompare();
    this.#showNotice('The original SQL is back. Undo (Ctrl+Z) brings your edit back.');
  }

  #setState(state: StepState) {
    this.state = state;
    this.#badge.dataset['state'] = state;
    this.#badge.textContent = stateLabels[state];
    this.#section.dataset['state'] = state;
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
    // A verdict is about the SQL that ran; after an edit it describes other SQL.
    const stale = this.#ranSql !== undefined && this.view.state.doc.toString() !== this.#ranSql;
    this.#badge.classList.toggle('step-state-stale', stale);
    this.#badge.textContent = stale
      ? `${stateLabels[this.state]} (before your edit)`
      : stateLabels[this.state];
  }

  #toggleCompare() {
    this.#comparing = !this.#comparing;
    setComparison(this.view, this.#comparing ? this.#data.sql : null);
    this.#compareButton.setAttribute('aria-pressed', String(this.#comparing));
    this.#markEdited();
  }

  #showNotice(text: string) {
    this.#notice.textContent = text;
    this.#notice.hidden = false;
  }
}
