import { stoppedNotes } from '../client/describeStop';
import { button, el, plural } from '../client/dom';
import type { EngineClient, Observed } from '../client/EngineClient';
import type { SchemaStore } from '../client/editor/SchemaStore';
import { LazyEditor } from '../client/LazyEditor';
import { renderOutcome, showWhenObserved } from '../client/renderOutcome';
import { editKey, loadEdit, saveEdit } from '../client/savedEdits';
import { offerShared, shareButton } from '../client/shareUi';
import type { Outcome } from '../engine/execute';
import { judge } from '../engine/judge';
import type { Check } from '../lesson/types';
import './exercise.css';

/** What the page knows of an exercise: enough to run and check it, hints and solution kept hidden. */
export interface ExerciseData {
  id: string;
  title: string;
  start: string;
  hints: string[];
  checks: Check[];
}

export interface ExerciseHost {
  engine: EngineClient;
  schema: SchemaStore;
  lesson: string;
  announce(message: string): void;
  describeRun(outcome: Outcome, observed: Observed): HTMLElement | null;
  /** Steps of the lesson that have not run: the exercise starts from where they leave the database. */
  stepsNotRun(): number[];
  /** Every check passed: remember it. */
  completed(exercise: string): void;
}

/**
 * A "your turn" exercise: the learner's SQL in an editor, Run, Check (each check passed or failed,
 * with its own message), hints one at a time, and the reference solution beside their SQL.
 */
export class ExerciseView {
  readonly #section: HTMLElement;
  readonly #data: ExerciseData;
  readonly #host: ExerciseHost;
  readonly #editor: LazyEditor;
  readonly #output = el('div', { className: 'exercise-output' });
  readonly #checks = el('div', { className: 'exercise-checks', attrs: { 'aria-live': 'polite' } });
  readonly #notice = el('p', { className: 'step-notice', attrs: { hidden: '' } });
  readonly #hints: HTMLElement[];
  readonly #hintButton: HTMLButtonElement;
  #shown = 0;

  constructor(section: HTMLElement, data: ExerciseData, host: ExerciseHost) {
    this.#section = section;
    this.#data = data;
    this.#host = host;
    const key = editKey(host.lesson, `exercise:${data.id}`);
    const saved = loadEdit(key);
    this.#editor = new LazyEditor({
      code: section.querySelector<HTMLElement>('.exercise-sql'),
      doc: saved.kind === 'edit' ? saved.sql : data.start,
      label: `Your SQL for the exercise ${data.title}`,
      schema: host.schema,
      run: () => void this.run(),
      changed: (text) => {
        if (!saveEdit(key, text)) {
          this.#notice.textContent = 'This browser is not saving your SQL (storage is full or disabled).';
          this.#notice.hidden = false;
        }
      },
    });
    if (saved.kind === 'edit') void this.#editor.load(false);
    if (saved.kind === 'unreadable') {
      this.#notice.textContent = saved.message;
      this.#notice.hidden = false;
    }

    // Without JavaScript the hints are a list to open; here they come one at a time.
    section.querySelector('.exercise-hints-static')?.remove();
    this.#hints = data.hints.map((hint, index) =>
      el('p', { className: 'exercise-hint', text: `Hint ${index + 1}: ${hint}`, attrs: { hidden: '' } }),
    );
    this.#hintButton = button(`Hint (1 of ${data.hints.length})`, () => this.#nextHint());
    const solution = section.querySelector<HTMLElement>('.exercise-solution');
    const solutionButton = button('Show a solution', () => {
      if (!solution) return;
      solution.hidden = !solution.hidden;
      section.querySelector('.exercise-work')?.classList.toggle('with-solution', !solution.hidden);
      solutionButton.setAttribute('aria-pressed', String(!solution.hidden));
      solutionButton.textContent = solution.hidden ? 'Show a solution' : 'Hide the solution';
    });
    solutionButton.setAttribute('aria-pressed', 'false');
    section.querySelector('.exercise-solution-static')?.remove();

    const label = `the exercise ${data.title}`;
    const run = button('Run', () => void this.run(), 'button');
    run.setAttribute('aria-label', `Run your SQL for ${label}`);
    const check = button('Check', () => void this.check(), 'button button-primary');
    check.setAttribute('aria-label', `Check your work on ${label}`);
    const edit = button('Edit', () => void this.#editor.load(true));
    edit.setAttribute('aria-label', `Edit your SQL for ${label}`);
    const controls = el(
      'div',
      { className: 'step-controls' },
      check,
      run,
      edit,
      this.#hintButton,
      solutionButton,
      shareButton({ kind: 'exercise', id: data.id }, () => this.#editor.text, label),
    );
    section
      .querySelector('.exercise-work')
      ?.after(controls, this.#notice, ...this.#hints, this.#checks, this.#output);
  }

  get id(): string {
    return this.#data.id;
  }

  get section(): HTMLElement {
    return this.#section;
  }

  /** SQL from a share link: shown apart, never run, the learner's own SQL left alone until they choose. */
  offerShared(sql: string): void {
    offerShared(this.#notice, sql, () => void this.#editor.set(sql));
    this.#section.scrollIntoView({ block: 'start' });
  }

  /** Runs the learner's SQL on the lesson's database, like the console. */
  async run(): Promise<void> {
    const sql = this.#editor.text;
    this.#output.replaceChildren(el('p', { className: 'outcome-note', text: 'Running…' }));
    const reply = await this.#host.engine.run(sql, { kind: 'exercise', exercise: this.#data.id });
    this.#output.replaceChildren();
    if (reply.kind !== 'done') {
      this.#output.append(...stoppedNotes(reply, this.#host.engine.timeoutMs));
      return;
    }
    const { outcome } = reply;
    const editor = this.#editor.loaded;
    editor?.markError(outcome.result.ok ? undefined : outcome.result.error.position);
    this.#output.append(renderOutcome(outcome));
    showWhenObserved(this.#output, outcome, reply.observed, this.#host.describeRun);
    this.#host.announce(
      outcome.result.ok ? 'Exercise: your SQL ran.' : `Exercise: error ${outcome.result.error.code}.`,
    );
  }

  /** Runs every check in a transaction that is rolled back, and says which passed. */
  async check(): Promise<void> {
    this.#checks.replaceChildren(el('p', { className: 'outcome-note', text: 'Checking…' }));
    const reply = await this.#host.engine.check(this.#data.checks, {
      kind: 'check',
      exercise: this.#data.id,
    });
    if (reply.kind !== 'done') {
      this.#checks.replaceChildren(...stoppedNotes(reply, this.#host.engine.timeoutMs, { verb: 'checked' }));
      return;
    }
    const verdicts = this.#data.checks.map((check, index) => {
      const result = reply.results[index];
      return {
        check,
        verdict: result ? judge(check.expect, result) : { pass: false, message: 'It did not run.' },
      };
    });
    const passed = verdicts.filter(({ verdict }) => verdict.pass).length;
    const all = passed === verdicts.length;
    const list = el('ul', { className: 'check-list' });
    for (const { check, verdict } of verdicts) {
      list.append(
        el(
          'li',
          { className: verdict.pass ? 'check-pass' : 'check-fail' },
          el('span', {
            className: 'check-mark',
            text: verdict.pass ? '✓' : '✗',
            attrs: { 'aria-hidden': 'true' },
          }),
          el('span', { className: 'visually-hidden', text: verdict.pass ? 'Passed: ' : 'Failed: ' }),
          check.title,
          ...(verdict.pass
            ? []
            : [el('span', { className: 'check-why', text: `${check.failure} (${verdict.message})` })]),
        ),
      );
    }
    const summary = all
      ? `All ${plural(verdicts.length, 'check')} pass. Exercise done.`
      : `${passed} of ${plural(verdicts.length, 'check')} pass.`;
    const notRun = this.#host.stepsNotRun();
    this.#checks.replaceChildren(
      el('p', { className: `check-summary ${all ? 'verdict-pass' : 'verdict-fail'}`, text: summary }),
      list,
      el('p', {
        className: 'outcome-note',
        text: 'Checking changed nothing: every check ran in a transaction that was rolled back.',
      }),
    );
    if (!all && notRun.length > 0) {
      this.#checks.append(
        el('p', {
          className: 'outcome-note',
          text: `The exercise starts from the database this lesson's steps leave, and ${plural(notRun.length, 'step')} (${notRun.join(', ')}) have not run yet.`,
        }),
      );
    }
    if (all) this.#host.completed(this.#data.id);
    this.#host.announce(`Exercise ${this.#data.title}: ${summary}`);
  }

  #nextHint() {
    const hint = this.#hints[this.#shown];
    if (!hint) return;
    hint.hidden = false;
    this.#shown += 1;
    const left = this.#data.hints.length - this.#shown;
    this.#hintButton.textContent =
      left > 0 ? `Hint (${this.#shown + 1} of ${this.#data.hints.length})` : 'No more hints';
    this.#hintButton.disabled = left === 0;
    hint.setAttribute('tabindex', '-1');
    hint.focus();
  }
}
