import { stoppedNotes } from '../client/describeStop';
import type { EngineClient, Observed } from '../client/EngineClient';
import type { SchemaStore } from '../client/editor/SchemaStore';
import { LazyEditor } from '../client/LazyEditor';
import { renderOutcome, showWhenObserved } from '../client/renderOutcome';
import { editKey, loadEdit, saveEdit } from '../client/savedEdits';
import { offerShared, shareButton } from '../client/shareUi';
import type { Outcome } from '../engine/execute';
import type { Check } from '../lesson/types';
import { ask } from '../ui/ask';
import { button, el, plural } from '../ui/dom';
import { type CheckSummary, summarize } from './checkSummary';
import './exercise.css';

/** What the page knows of an exercise: enough to run and check it, hints and solution kept hidden. */
export interface ExerciseData {
  id: string;
  title: string;
  start: string;
  /** Hints, rendered from the lesson's Markdown when the site was built. */
  hintsHtml: string[];
  /** History that Check adds to its copy of the database before the learner's SQL. */
  setup: string;
  /** Each with its failure message, rendered from the lesson's Markdown when the site was built. */
  checks: (Check & { failureHtml: string })[];
}

export interface ExerciseHost {
  engine: EngineClient;
  schema: SchemaStore;
  lesson: string;
  announce(message: string): void;
  describeRun(outcome: Outcome, observed: Observed): HTMLElement | null;
  /** The lesson's steps as written: Check starts from where they leave a fresh database. */
  lessonSteps(): string[];
  /** Runs, on the learner's database, the lesson's steps that have not run yet; their numbers. */
  runUnrunSteps(): Promise<number[]>;
  /** Puts the learner's database back where the exercise starts; a problem, if there was one. */
  resetToExerciseStart(): Promise<string | undefined>;
  /** Every check passed: remember it. */
  completed(exercise: string): void;
}

/**
 * A "your turn" exercise: the learner's SQL in an editor; Check, which tries it on a fresh copy of
 * the lesson's database and says which checks pass; Run, which applies it to the learner's own;
 * hints one at a time; the reference solution beside their SQL; and a way back to the start.
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
        if (!saveEdit(key, text))
          this.#say('This browser is not saving your SQL (storage is full or disabled).');
      },
    });
    if (saved.kind === 'edit') void this.#editor.load(false);
    if (saved.kind === 'unreadable') this.#say(saved.message);

    // Without JavaScript the hints are a list to open; here they come one at a time.
    section.querySelector('.exercise-hints-static')?.remove();
    this.#hints = data.hintsHtml.map((html, index) => {
      const hint = el('div', { className: 'exercise-hint', attrs: { hidden: '' } });
      // The lesson's own Markdown, rendered at build time: course content, never database values.
      hint.innerHTML = `<p class="exercise-hint-label">Hint ${index + 1}</p>${html}`;
      return hint;
    });
    this.#hintButton = button(`Hint (1 of ${data.hintsHtml.length})`, () => this.#nextHint());
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
    const check = button('Check', () => void this.check(), 'button button-primary');
    check.setAttribute('aria-label', `Check your SQL for ${label}, on a copy of the database`);
    const run = button('Run', () => void this.run(), 'button');
    run.setAttribute('aria-label', `Run your SQL for ${label} on your database`);
    const edit = button('Edit', () => void this.#editor.load(true));
    edit.setAttribute('aria-label', `Edit your SQL for ${label}`);
    const reset = button('Reset this exercise', () => void this.reset());
    reset.setAttribute('aria-label', `Reset this exercise: the database goes back to where ${label} starts`);
    const controls = el(
      'div',
      { className: 'step-controls' },
      check,
      run,
      edit,
      this.#hintButton,
      solutionButton,
      reset,
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

  /** Applies the learner's SQL to their own database, the lesson's unrun steps first. */
  async run(): Promise<void> {
    const sql = this.#editor.text;
    this.#output.replaceChildren(el('p', { className: 'outcome-note', text: 'Running…' }));
    const ranFirst = await this.#host.runUnrunSteps();
    const reply = await this.#host.engine.run(sql, { kind: 'exercise', exercise: this.#data.id });
    this.#output.replaceChildren();
    if (ranFirst.length > 0) {
      this.#output.append(
        el('p', {
          className: 'outcome-note',
          text: `The lesson's ${plural(ranFirst.length, 'step')} (${ranFirst.join(', ')}) had not run yet; they ran first, so your SQL met the database the exercise starts from.`,
        }),
      );
    }
    if (reply.kind !== 'done') {
      this.#output.append(...stoppedNotes(reply, this.#host.engine.timeoutMs));
      return;
    }
    const { outcome } = reply;
    this.#editor.loaded?.markError(outcome.result.ok ? undefined : outcome.result.error.position);
    this.#output.append(renderOutcome(outcome));
    showWhenObserved(this.#output, outcome, reply.observed, this.#host.describeRun);
    this.#host.announce(
      outcome.result.ok
        ? 'Exercise: your SQL ran.'
        : `Exercise: your SQL failed: ${outcome.result.error.message}`,
    );
  }

  /**
   * Tries the SQL in the editor, as it is now, on a fresh copy of the lesson's database, and says
   * which checks pass. The learner's own database is not touched.
   */
  async check(): Promise<void> {
    const sql = this.#editor.text;
    this.#checks.replaceChildren(
      el('p', {
        className: 'outcome-note',
        text: 'Checking your SQL on a fresh copy of this lesson’s database…',
      }),
    );
    const reply = await this.#host.engine.check(
      { steps: this.#host.lessonSteps(), setup: this.#data.setup, sql, checks: this.#data.checks },
      { kind: 'check', exercise: this.#data.id },
    );
    if (reply.kind === 'unavailable') {
      this.#checks.replaceChildren(
        el('p', { className: 'verdict-fail', text: `Could not check: ${reply.message}` }),
      );
      return;
    }
    if (reply.kind !== 'done') {
      this.#checks.replaceChildren(...stoppedNotes(reply, this.#host.engine.timeoutMs, { verb: 'checked' }));
      return;
    }
    const summary = summarize(this.#data.checks, sql, reply.script, reply.results);
    this.#editor.loaded?.markError(summary.stopped?.position);
    this.#checks.replaceChildren(...this.#report(summary));
    if (summary.all) this.#host.completed(this.#data.id);
    this.#host.announce(
      `Exercise ${this.#data.title}: ${summary.passed} of ${plural(summary.total, 'check')} pass.`,
    );
  }

  /** Back to where the exercise starts, after asking: the learner's other work in this lesson goes. */
  async reset(): Promise<void> {
    const choice = await ask(
      this.#section,
      'Put this lesson’s database back where the exercise starts: the lesson’s start, with every step run? Anything else you ran in this lesson is undone. Your SQL in the editor stays.',
      [
        ['reset', 'Reset the database'],
        ['cancel', 'Keep it as it is'],
      ],
    );
    if (choice !== 'reset') return;
    this.#output.replaceChildren(el('p', { className: 'outcome-note', text: 'Resetting…' }));
    const problem = await this.#host.resetToExerciseStart();
    const said = problem
      ? `The reset did not finish: ${problem}`
      : 'The database is back where the exercise starts: the lesson’s steps have run, and nothing else.';
    this.#output.replaceChildren(
      el('p', { className: problem ? 'verdict-fail' : 'outcome-note', text: said }),
    );
    this.#host.announce(said);
  }

  #report(summary: CheckSummary): HTMLElement[] {
    const list = el('ul', { className: 'check-list' });
    for (const outcome of summary.outcomes) {
      const item = el(
        'li',
        { className: outcome.pass ? 'check-pass' : 'check-fail' },
        el('span', {
          className: 'check-mark',
          text: outcome.pass ? '✓' : '✗',
          attrs: { 'aria-hidden': 'true' },
        }),
        el('span', { className: 'visually-hidden', text: outcome.pass ? 'Passed: ' : 'Failed: ' }),
        outcome.title,
      );
      if (!outcome.pass) {
        const why = el('div', { className: 'check-why' });
        // The lesson's own Markdown, rendered at build time.
        why.innerHTML = this.#data.checks.find((check) => check.id === outcome.id)?.failureHtml ?? '';
        if (outcome.error) {
          why.append(
            el('p', {
              className: 'check-said',
              text: `PostgreSQL said: ${outcome.error.message} (SQLSTATE ${outcome.error.code})`,
            }),
          );
        }
        item.append(why);
      }
      list.append(item);
    }
    const verdict = summary.all
      ? `All ${plural(summary.total, 'check')} pass. Exercise done.`
      : `${summary.passed} of ${plural(summary.total, 'check')} pass.`;
    const parts: HTMLElement[] = [
      el('p', { className: `check-summary ${summary.all ? 'verdict-pass' : 'verdict-fail'}`, text: verdict }),
    ];
    const { stopped } = summary;
    if (stopped) {
      parts.push(
        el('p', {
          className: 'check-script verdict-fail',
          text: `Your SQL stopped at its statement ${stopped.statement}, on line ${stopped.line}: ${stopped.message} (SQLSTATE ${stopped.code}). What came after it did not run.`,
        }),
      );
    }
    if (summary.leftOpen) {
      parts.push(
        el('p', {
          className: 'check-script verdict-fail',
          text: 'Your SQL left its transaction open, so nothing in it was committed: run as a script, it would be rolled back when the script ends.',
        }),
      );
    }
    parts.push(
      list,
      el('p', {
        className: 'outcome-note',
        text: 'Checked on a fresh copy of this lesson’s database (its steps run, then the history shown above added), your SQL run statement by statement as psql runs a script. Your own database was not touched: Run applies your SQL to it.',
      }),
    );
    return parts;
  }

  #say(message: string) {
    this.#notice.textContent = message;
    this.#notice.hidden = false;
  }

  #nextHint() {
    const hint = this.#hints[this.#shown];
    if (!hint) return;
    hint.hidden = false;
    this.#shown += 1;
    const left = this.#data.hintsHtml.length - this.#shown;
    this.#hintButton.textContent =
      left > 0 ? `Hint (${this.#shown + 1} of ${this.#data.hintsHtml.length})` : 'No more hints';
    this.#hintButton.disabled = left === 0;
    hint.setAttribute('tabindex', '-1');
    hint.focus();
  }
}
