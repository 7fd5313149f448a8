import type { Outcome } from '../engine/execute';
import { judge, lastRowResult } from '../engine/judge';
import type { Expectation } from '../lesson/types';
import { button, el } from '../ui/dom';
import { stoppedNotes } from './describeStop';
import type { EngineClient, Observed, RunReply, Source } from './EngineClient';
import type { SchemaStore } from './editor/SchemaStore';
import { LazyEditor } from './LazyEditor';
import { renderMismatch } from './renderMismatch';
import { renderOutcome, showWhenObserved } from './renderOutcome';
import { editKey, forgetEdit, loadEdit, parseSaved, saveEdit } from './savedEdits';
import { offerShared, shareButton } from './shareUi';

export interface StepData {
  id: string;
  number: number;
  title: string;
  sql: string;
  expect: Expectation;
}

export type StepState = 'not-run' | 'running' | 'ok' | 'failed' | 'unexpected';

/** The states a finished run leaves, which a kept database remembers. */
export type KeptState = Extract<StepState, 'ok' | 'failed' | 'unexpected'>;

/** A run still going after this long shows that it is running, and can be cancelled. */
export const slowAfterMs = 150;

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
  /** Runs this step, then moves the focus to the next one (Shift+Enter). */
  requestRunAndNext(step: StepController): void;
  /** A step ran as the lesson says: remember it. */
  completed(step: StepController): void;
  /** How a run of the step ended, with the SQL that ran: kept with the database. */
  judged?(step: StepController, state: KeptState, sql: string): void;
  announce(message: string): void;
  /** What the run did, drawn: the write path through the triggers. Null when it touched nothing. */
  describeRun(outcome: Outcome, observed: Observed): HTMLElement | null;
}

/**
 * One runnable, editable step. The highlighted SQL stays as it is until the learner starts editing
 * (a click into it, Enter on it, or the Edit button): only then is the editor's code loaded, at the
 * same height, so a page that is only read and run stays light.
 */
export class StepController {
  state: StepState = 'not-run';
  readonly source: Source;
  readonly #data: StepData;
  readonly #host: StepHost;
  readonly #key: string;
  readonly #section: HTMLElement;
  readonly #code: HTMLElement | null;
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
  readonly #editButton: HTMLButtonElement;
  readonly #compareButton: HTMLButtonElement;
  readonly #resetButton: HTMLButtonElement;
  readonly #done = el('span', { className: 'step-done', attrs: { hidden: '' } });
  readonly #editor: LazyEditor;
  #comparing = false;
  /** The SQL as it was when the step last ran: an edit after that makes the verdict stale. */
  #ranSql: string | undefined;
  /** Counts runs, so that a late observation is never added to a newer run's output. */
  #runs = 0;

  constructor(section: HTMLElement, data: StepData, host: StepHost) {
    this.#data = data;
    this.#host = host;
    this.#section = section;
    this.source = { kind: 'step', lesson: host.lesson, id: data.id, number: data.number };
    this.#key = editKey(host.lesson, data.id);
    const saved = loadEdit(this.#key);
    this.#code = section.querySelector<HTMLElement>('.step-sql');
    this.#editor = new LazyEditor({
      code: this.#code,
      doc: saved.kind === 'edit' ? saved.sql : data.sql,
      label: `SQL of step ${data.number}, ${data.title}`,
      schema: host.schema,
      run: () => host.requestRun(this),
      runAndNext: () => host.requestRunAndNext(this),
      changed: () => this.#saveEdit(),
    });

    const label = `step ${data.number}, ${data.title}`;
    this.#runButton = button('Run', () => host.requestRun(this), 'button button-primary');
    this.#runButton.setAttribute('aria-label', `Run ${label}`);
    this.#cancelButton = button('Cancel', () => host.engine.cancel(this.source), 'button button-cancel');
    this.#cancelButton.setAttribute('aria-label', `Cancel ${label}`);
    this.#cancelButton.hidden = true;
    this.#editButton = button('Edit', () => void this.edit(true));
    this.#editButton.setAttribute('aria-label', `Edit the SQL of ${label}`);
    this.#compareButton = button('Compare with original', () => void this.#toggleCompare());
    this.#compareButton.setAttribute('aria-pressed', 'false');
    this.#resetButton = button('Restore original SQL', () => void this.restoreOriginal());
    this.#resetButton.setAttribute('aria-label', `Restore original SQL of ${label}`);

    const controls = el('div', { className: 'step-controls' });
    controls.append(
      this.#runButton,
      this.#cancelButton,
      this.#badge,
      this.#done,
      this.#editButton,
      this.#edited,
      this.#compareButton,
      this.#resetButton,
      shareButton({ kind: 'step', id: data.id }, () => this.sql, label),
    );
    // The expected outcome stays next to the SQL; what actually happened comes below it.
    (section.querySelector('.expectation') ?? this.#code ?? section).after(
      controls,
      this.#notice,
      this.#output,
    );
    if (saved.kind === 'unreadable') this.#showNotice(saved.message);
    // Another tab editing this step: say so, and let the learner choose, rather than overwrite.
    window.addEventListener('storage', (event) => {
      if (event.key !== this.#key) return;
      const theirs = event.newValue === null ? this.#data.sql : parseSaved(event.newValue);
      if (theirs === undefined || theirs === this.sql) return;
      this.#offer(theirs);
    });
    // A saved edit is shown in an editor straight away, so the learner sees their own SQL.
    if (saved.kind === 'edit' && saved.sql !== data.sql) void this.edit(false);
    this.#markEdited();
  }

  get data(): StepData {
    return this.#data;
  }

  get section(): HTMLElement {
    return this.#section;
  }

  /** The SQL this step runs: the editor's, once there is one. */
  get sql(): string {
    return this.#editor.text;
  }

  /** Turns the highlighted SQL into an editor of the same height (once), and focuses it if asked. */
  async edit(focus: boolean) {
    const editor = await this.#editor.load(focus);
    this.#editButton.hidden = true;
    return editor;
  }

  /** Puts the focus where a keyboard user carries on: this step's Run button. */
  focusRun(): void {
    this.#runButton.focus();
    this.#section.scrollIntoView({ block: 'nearest' });
  }

  /** Says the step was completed before (progress kept in the browser), apart from this page's runs. */
  showDoneEarlier(at: Date | undefined): void {
    this.#done.hidden = at === undefined;
    if (at) {
      const day = at.toLocaleDateString('en', { day: 'numeric', month: 'short' });
      this.#done.textContent = `✓ Done ${day}`;
      this.#done.title = `You ran this step as the lesson says on ${at.toLocaleString('en')}.`;
    }
  }

  /** SQL from a share link: shown apart, never run, the learner's own edit left alone until they choose. */
  offerShared(sql: string): void {
    offerShared(this.#notice, sql, () => {
      void this.edit(true).then((editor) => editor.setText(sql));
    });
    this.#section.scrollIntoView({ block: 'start' });
  }

  /** Runs the step's SQL now and shows the outcome. `note` explains why it ran, if not clicked. */
  async execute(note?: string): Promise<void> {
    this.#runs += 1;
    const previous = this.state;
    this.state = 'running';
    // Most steps answer within a frame: "Running…" and Cancel appear only for one that does not,
    // so a quick run neither flickers nor makes the page lay itself out while PostgreSQL answers.
    const slow = setTimeout(() => {
      this.#setState('running');
      this.#cancelButton.hidden = false;
      this.#output.replaceChildren(el('p', { className: 'outcome-note', text: 'Running…' }));
    }, slowAfterMs);
    const sql = this.sql;
    delete this.#output.dataset['observed'];
    const reply: RunReply = await this.#host.engine.run(sql, this.source);
    clearTimeout(slow);
    this.#cancelButton.hidden = true;
    this.#output.replaceChildren();
    if (note) this.#output.append(el('p', { className: 'outcome-note run-note', text: note }));

    if (reply.kind !== 'done') {
      this.#setState(previous === 'running' ? 'not-run' : previous);
      this.#output.append(
        ...stoppedNotes(reply, this.#host.engine.timeoutMs, {
          after: "This step's SQL did not take effect.",
        }),
      );
      this.#host.announce(`Step ${this.#data.number} stopped.`);
      return;
    }

    this.#ranSql = sql;
    const { outcome } = reply;
    const { result } = outcome;
    const verdict = judge(this.#data.expect, result);
    const edited = this.#isEdited();
    const state: KeptState = verdict.pass ? 'ok' : result.ok ? 'unexpected' : 'failed';
    this.#setState(state);
    this.#host.judged?.(this, state, sql);
    // Done means the lesson's own SQL did what the lesson says, not an edit that passed by chance.
    if (verdict.pass && !edited) this.#host.completed(this);
    const verdictText = edited
      ? `${verdict.message} (The lesson's expectation is for its original SQL; you edited it.)`
      : verdict.message;
    // Not an alert: the page's live region says it, and an error box is an alert of its own.
    const verdictLine = el('p', {
      className: `verdict verdict-${verdict.pass ? 'pass' : 'fail'}`,
      text: verdictText,
    });
    this.#output.append(verdictLine);
    const mismatch = !verdict.pass && result.ok ? renderMismatch(this.#data.expect, result) : undefined;
    if (mismatch) this.#output.append(mismatch);
    if (!result.ok && previous !== 'not-run' && !edited) {
      this.#output.append(
        el('p', {
          className: 'outcome-note',
          text: 'This step had already run once. To see it as the lesson shows it, use "Reset lesson" and run it again.',
        }),
      );
    }
    const compared = mismatch && result.ok ? lastRowResult(result.statements) : undefined;
    this.#output.append(renderOutcome(outcome, compared ? { compared } : {}));
    this.#host.announce(`Step ${this.#data.number}: ${verdict.message}`);
    const run = this.#runs;
    const output = this.#output;
    // An error with a position is underlined in the editor (loaded for it if need be).
    if (!result.ok && result.error.position) {
      const position = result.error.position;
      void this.edit(false).then((editor) => {
        const at = editor.markError(position);
        if (at && run === this.#runs)
          verdictLine.append(` At line ${at.line}, column ${at.column} (underlined).`);
      });
    } else this.#editor.loaded?.markError(undefined);
    showWhenObserved(output, outcome, reply.observed, this.#host.describeRun, () => run === this.#runs);
  }

  /**
   * The state this step was left in when the learner last had this database (kept between visits):
   * said as such, since the result itself is not kept.
   */
  showKept(state: KeptState, sql: string, at: Date): void {
    this.#ranSql = sql;
    this.#setState(state);
    const when = at.toLocaleString('en', {
      day: 'numeric',
      month: 'short',
      hour: 'numeric',
      minute: '2-digit',
    });
    const how = { ok: 'as the lesson says', unexpected: 'not as the lesson says', failed: 'and failed' }[
      state
    ];
    this.#output.replaceChildren(
      el('p', {
        className: 'outcome-note kept-note',
        text: `Ran ${how} on ${when}; your database still has what it did. Run it again to see its result.`,
      }),
    );
  }

  /** Back to "not run", as after a lesson reset, or with `why` when a rollback undid the step. */
  clear(why?: string): void {
    this.#setState('not-run');
    this.#ranSql = undefined;
    this.#editor.loaded?.markError(undefined);
    if (why) {
      this.#output.prepend(
        el('p', { className: 'stopped undone-note', attrs: { role: 'status' }, text: why }),
      );
    } else {
      this.#output.replaceChildren();
    }
    this.#markEdited();
  }

  /** Whether the learner's SQL differs from the lesson's. */
  get edited(): boolean {
    return this.#isEdited();
  }

  async restoreOriginal(): Promise<void> {
    if (this.sql === this.#data.sql) return;
    await this.#editor.set(this.#data.sql);
    if (this.#comparing) await this.#toggleCompare();
    this.#showNotice('The original SQL is back. Undo (Ctrl+Z) brings your edit back.');
  }

  #setState(state: StepState) {
    this.state = state;
    this.#badge.dataset['state'] = state;
    this.#section.dataset['state'] = state;
    this.#markEdited();
  }

  #isEdited(): boolean {
    return this.sql !== this.#data.sql;
  }

  #saveEdit() {
    if (this.#isEdited()) {
      if (!saveEdit(this.#key, this.sql)) {
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
    const stale = this.#ranSql !== undefined && this.sql !== this.#ranSql;
    this.#badge.classList.toggle('step-state-stale', stale);
    this.#badge.textContent = stale
      ? `${stateLabels[this.state]} (before your edit)`
      : stateLabels[this.state];
  }

  async #toggleCompare() {
    this.#comparing = !this.#comparing;
    const editor = await this.edit(false);
    await editor.compare(this.#comparing ? this.#data.sql : null);
    this.#compareButton.setAttribute('aria-pressed', String(this.#comparing));
    this.#markEdited();
  }

  #showNotice(text: string) {
    this.#notice.textContent = text;
    this.#notice.hidden = false;
  }

  /** Another tab saved a different SQL for this step: show it, and let the learner pick. */
  #offer(theirs: string) {
    const take = button('Use that version', () => {
      void this.edit(false).then((editor) => {
        editor.setText(theirs);
        this.#notice.hidden = true;
      });
    });
    const keep = button('Keep this one', () => {
      if (this.#isEdited()) saveEdit(this.#key, this.sql);
      else forgetEdit(this.#key);
      this.#notice.hidden = true;
    });
    this.#notice.replaceChildren(
      'This step was just edited in another tab, and that version is the one saved now; this tab still shows yours. ',
      take,
      ' ',
      keep,
    );
    this.#notice.hidden = false;
  }
}
