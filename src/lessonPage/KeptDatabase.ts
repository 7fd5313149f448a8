import type { Source } from '../client/EngineClient';
import type { KeptState, StepController } from '../client/StepController';
import type { Saving } from '../engine/savedDatabase';
import { plural } from '../ui/dom';
import { type KeptRun, parseKeptRuns, runsFor, withoutRuns, withRuns } from './keptRuns';
import type { LessonSteps } from './LessonSteps';
import type { LessonPage } from './page';

const keyFor = (lesson: string) => `cqrs-in-postgres:kept-runs:v1:${lesson}`;

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The learner's database kept between visits, seen from the page: step states that agree with it
 * (each written once its run is in the kept files, so a reload never shows a step as run that the
 * database does not have), and plain words for how it opened, or why it is not kept.
 */
export class KeptDatabase {
  readonly #page: LessonPage;
  readonly #key: string;
  /** Verdicts waiting for their run to be kept (a transaction still open, say). */
  readonly #pending = new Map<string, KeptRun>();

  constructor(page: LessonPage) {
    this.#page = page;
    this.#key = keyFor(page.data.lesson);
  }

  /** For the steps: a run's verdict, kept once the database has its effects. */
  readonly judged = (step: StepController, state: KeptState, sql: string): void => {
    this.#pending.set(step.data.id, { state, sql, at: new Date().toISOString() });
  };

  /** Follows the engine: restores step states on opening, keeps them as runs are saved. */
  follow(steps: LessonSteps, say: (message: string) => void): void {
    const { engine } = this.#page;
    engine.on('opened', (info) => {
      this.#pending.clear();
      const { saving } = info;
      if (!saving.kept) {
        if (info.cause === 'start') say(`What you run here is not kept after you leave: ${saving.why}.`);
        return;
      }
      if (!saving.resumed) {
        this.#write(withRuns(undefined, saving.id, {}));
        if (info.lost)
          say(`Your kept database could not be opened (${info.lost}), so this lesson starts afresh.`);
        return;
      }
      if (info.cause === 'start') this.#restore(steps, saving, say);
    });
    engine.on('persisted', (sources) => {
      const saving = engine.saving;
      if (!saving.kept) return;
      const runs: Record<string, KeptRun> = {};
      for (const id of stepIds(sources)) {
        const run = this.#pending.get(id);
        if (run) runs[id] = run;
        this.#pending.delete(id);
      }
      if (Object.keys(runs).length > 0) this.#write(withRuns(this.#read(), saving.id, runs));
    });
    engine.on('undone', (sources) => {
      const ids = stepIds(sources);
      for (const id of ids) this.#pending.delete(id);
      if (engine.saving.kept) this.#write(withoutRuns(this.#read(), ids));
    });
    engine.on('saving', (saving) => {
      if (!saving.kept)
        say(`Your database is no longer kept (${saving.why}); it carries on in this tab until you leave.`);
    });
  }

  #restore(steps: LessonSteps, saving: Extract<Saving, { kept: true }>, say: (message: string) => void) {
    const runs = runsFor(this.#read(), saving.id);
    const shown = steps.list.filter((step) => {
      const run = runs[step.data.id];
      if (run) step.showKept(run.state, run.sql, new Date(run.at));
      return run !== undefined;
    });
    const since = new Date(saving.since).toLocaleString('en', { day: 'numeric', month: 'short' });
    const which =
      shown.length === 0
        ? 'no step had run yet'
        : `${plural(shown.length, 'step')} (${shown.map((step) => step.data.number).join(', ')}) had run`;
    say(
      `Your database is as you left it (started ${since}): ${which}. "Reset lesson" puts it back at the lesson's start.`,
    );
  }

  #read() {
    try {
      return parseKeptRuns(storage()?.getItem(this.#key) ?? null);
    } catch {
      return undefined;
    }
  }

  #write(kept: ReturnType<typeof withRuns> | undefined) {
    try {
      if (kept) storage()?.setItem(this.#key, JSON.stringify(kept));
    } catch {
      // Storage full or refused: the database is still kept; step states show "Not run" next time.
    }
  }
}

function stepIds(sources: Source[]): string[] {
  return sources.flatMap((source) => (source.kind === 'step' ? [source.id] : []));
}
