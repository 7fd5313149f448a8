import type { Source } from '../client/EngineClient';
import { StepController, type StepHost } from '../client/StepController';
import type { Toolbar } from '../client/Toolbar';
import { ask } from '../ui/ask';
import { plural } from '../ui/dom';
import type { LessonPage } from './page';

const sameStep = (a: Source, b: Source) =>
  a.kind === 'step' && b.kind === 'step' && a.lesson === b.lesson && a.id === b.id;

/**
 * The lesson's steps, run as the lesson says: in order (a step's earlier unrun steps run first),
 * never inside a transaction someone else began without asking, and all at once on request.
 * Also counts the runs outside the steps that changed something, for the toolbar.
 */
export class LessonSteps {
  readonly list: StepController[] = [];
  readonly #page: LessonPage;
  readonly #toolbar: () => Toolbar;
  #touched = 0;

  constructor(
    page: LessonPage,
    toolbar: () => Toolbar,
    completed: (id: string) => void,
    judged?: StepHost['judged'],
  ) {
    this.#page = page;
    this.#toolbar = toolbar;
    const host: StepHost = {
      engine: page.engine,
      schema: page.schema,
      lesson: page.data.lesson,
      announce: page.announce,
      describeRun: page.describeRun,
      requestRun: (step) => page.enqueue(() => this.runUpTo(step, false)),
      requestRunAndNext: (step) =>
        page.enqueue(async () => {
          await this.runUpTo(step, false);
          this.list[this.list.indexOf(step) + 1]?.focusRun();
        }),
      completed: (step) => completed(step.data.id),
      ...(judged ? { judged } : {}),
    };
    for (const section of page.root.querySelectorAll<HTMLElement>('section.step')) {
      const data = page.data.steps.find((item) => item.id === section.dataset['stepId']);
      if (data) this.list.push(new StepController(section, data, host));
    }
    page.engine.on('ran', (source, _outcome, observed) => {
      if (source.kind !== 'step' && source.kind !== 'check' && observed.observation.wrote) {
        this.#touched += 1;
        this.#toolbar().setTouched(this.#touched);
      }
    });
    page.engine.on('undone', (sources, why) => {
      const undone = this.list.filter((step) => sources.some((source) => sameStep(source, step.source)));
      for (const step of undone)
        step.clear(`Undone: ${why} This step's changes are gone; run it again to redo them.`);
      if (undone.length > 0) {
        this.#toolbar().say(
          `${plural(undone.length, 'step')} (${undone.map((step) => step.data.number).join(', ')}) undone. ${why}`,
        );
      }
    });
  }

  /** The numbers of the steps that have not run. */
  notRun(): number[] {
    return this.list.filter((step) => step.state === 'not-run').map((step) => step.data.number);
  }

  /** Runs `step`, the unrun steps before it first; `quiet` leaves out the notes that say so. */
  async runUpTo(step: StepController, quiet: boolean): Promise<void> {
    if (!(await this.#settleForeignTransaction(step))) return;
    const earlier = this.list.slice(0, this.list.indexOf(step)).filter((item) => item.state === 'not-run');
    for (const item of earlier) {
      await item.execute(quiet ? undefined : 'Run first, so that the database is as the lesson describes.');
    }
    const note =
      earlier.length > 0 && !quiet
        ? `Steps ${earlier.map((item) => item.data.number).join(', ')} had not run yet; they ran first, so the database is as the lesson describes.`
        : undefined;
    await step.execute(note);
  }

  /** Runs every step that has not run, and says how it went. */
  async runAll(): Promise<void> {
    const todo = this.list.filter((step) => step.state === 'not-run');
    const last = todo.at(-1);
    const toolbar = this.#toolbar();
    if (!last) {
      toolbar.say('Every step has run. "Reset lesson" starts again from the beginning.');
      return;
    }
    toolbar.say(`Running ${plural(todo.length, 'step')}…`);
    await this.runUpTo(last, true);
    const problems = todo.filter((step) => step.state !== 'ok');
    const summary =
      problems.length === 0
        ? `Ran ${plural(todo.length, 'step')}, all as the lesson says.`
        : `Ran ${plural(todo.length, 'step')}: ${problems.length} not as the lesson says (step ${problems.map((step) => step.data.number).join(', ')}).`;
    toolbar.say(summary);
    this.#page.announce(summary);
    (problems[0] ?? last).section.scrollIntoView({ block: 'start' });
  }

  /** Runs the steps that have not run yet; their numbers. */
  async runUnrun(): Promise<number[]> {
    const todo = this.list.filter((step) => step.state === 'not-run');
    const last = todo.at(-1);
    if (last) await this.runUpTo(last, true);
    return todo.map((step) => step.data.number);
  }

  /** The database back at the lesson's start, every step not run again, nothing else touched yet. */
  async resetDatabase(): Promise<void> {
    await this.#page.engine.reset();
    for (const step of this.list) step.clear();
    this.#touched = 0;
    this.#toolbar().setTouched(0);
  }

  /**
   * Puts the lesson's own SQL back in every edited step, after asking: edits are the learner's
   * work, and Ctrl+Z in a step brings its edit back.
   */
  async restoreAll(anchor: HTMLElement): Promise<void> {
    const edited = this.list.filter((step) => step.edited);
    const toolbar = this.#toolbar();
    if (edited.length === 0) {
      toolbar.say("No step is edited: every step shows the lesson's own SQL.");
      return;
    }
    const choice = await ask(
      anchor,
      `Put the lesson's own SQL back in ${plural(edited.length, 'edited step')} (${edited.map((step) => step.data.number).join(', ')})? The database is not touched.`,
      [
        ['restore', 'Restore all steps'],
        ['cancel', 'Keep my edits'],
      ],
    );
    if (choice !== 'restore') return;
    for (const step of edited) await step.restoreOriginal();
    toolbar.say(
      `Restored the lesson's SQL in ${plural(edited.length, 'step')}. Ctrl+Z in a step brings its edit back.`,
    );
  }

  /**
   * A transaction someone else began (the console, a panel) is open: a lesson step run inside it
   * would be tied to it, and an error would roll everything back. The learner decides.
   */
  async #settleForeignTransaction(step: StepController): Promise<boolean> {
    const { engine } = this.#page;
    const { open, openedBy } = engine.transaction;
    if (!open || openedBy?.kind === 'step') return true;
    const choice = await ask(
      step.section,
      'A transaction you began outside the lesson’s steps is still open. A step run inside it would become part of it, and a failing step would roll all of it back.',
      [
        ['commit', 'Commit it, then run'],
        ['rollback', 'Roll it back, then run'],
        ['cancel', 'Do not run'],
      ],
    );
    if (choice === 'cancel') return false;
    await engine.run(choice === 'commit' ? 'COMMIT' : 'ROLLBACK', { kind: 'console' });
    return true;
  }
}
