import { counts, doneWhen, forgetLesson, markDone } from '../progress/progress';
import { ProgressStore } from '../progress/progressStore';
import { ask } from '../ui/ask';
import type { LessonSteps } from './LessonSteps';
import type { LessonPage } from './page';

/**
 * Progress that lasts: kept in the browser, shown in the lesson's header and on each step apart
 * from what this page's database has run, and forgotten, with the database put back, on request.
 */
export class LessonProgress {
  readonly store = new ProgressStore();
  readonly #page: LessonPage;
  readonly #header: HTMLElement | null;

  constructor(page: LessonPage) {
    this.#page = page;
    this.#header = page.root.querySelector<HTMLElement>('.lesson-progress');
  }

  /** Remembers that a step or an exercise was done, today. */
  done(kind: 'steps' | 'exercises', id: string): void {
    this.store.update((current) => markDone(current, this.#page.data.lesson, kind, id, new Date()));
  }

  /** Shows progress now and whenever it changes (here or in another tab); wires "Start this lesson over". */
  show(steps: LessonSteps, say: (message: string) => void): void {
    const { data } = this.#page;
    const items = {
      slug: data.lesson,
      steps: data.steps.map((step) => step.id),
      exercises: data.exercises.map((item) => item.id),
    };
    const render = () => {
      const { done, total } = counts(this.store.progress, items);
      const header = this.#header;
      if (header) {
        header.hidden = false;
        header
          .querySelector('.lesson-progress-count')
          ?.replaceChildren(
            `${done} of ${total} done${done === total && total > 0 ? ': the whole lesson' : ''}`,
          );
      }
      for (const step of steps.list)
        step.showDoneEarlier(doneWhen(this.store.progress, data.lesson, 'steps', step.data.id));
      window.dispatchEvent(new CustomEvent('cqrs-progress'));
    };
    this.store.on(render);
    this.#header?.querySelector('.lesson-start-over')?.addEventListener('click', (event) => {
      const anchor = event.currentTarget as HTMLElement;
      void this.#startOver(anchor, steps, say);
    });
    if (this.store.problem) say(this.store.problem);
    render();
  }

  /** Forgets this lesson's progress and puts its database back at the start, after asking; edits stay. */
  async #startOver(anchor: HTMLElement, steps: LessonSteps, say: (message: string) => void) {
    const choice = await ask(
      anchor.closest<HTMLElement>('.lesson-progress') ?? anchor,
      'Forget your progress on this lesson and put its database back at the start? Your edited SQL is kept.',
      [
        ['start-over', 'Start this lesson over'],
        ['cancel', 'Keep going'],
      ],
    );
    if (choice !== 'start-over') return;
    const { data, engine } = this.#page;
    this.store.update((current) => forgetLesson(current, data.lesson));
    this.#page.enqueue(async () => {
      await steps.resetDatabase();
      say(
        engine.problem
          ? `Reset failed: ${engine.problem}`
          : 'Started over: no progress on this lesson, and its database at the start.',
      );
    });
  }
}
