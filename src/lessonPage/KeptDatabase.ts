import type { Source } from '../client/EngineClient';
import type { KeptState, StepController } from '../client/StepController';
import type { Saving } from '../engine/savedDatabase';
import { plural } from '../ui/dom';
import { type KeptRun, parseKeptRuns, runsFor, withoutRuns, withRuns } from './keptRuns';
import type { LessonSteps } from './LessonSteps';
import type { LessonPage } from './page';

const keyFor = (lesson: string) => `cqrs-in-postgres:kept-runs:v1:${lesson}`;
/** How many runs were not yet kept when the page was left (see `EngineClient.unsaved`). */
const leftKeyFor = (lesson: string) => `cqrs-in-postgres:unsaved-on-leave:v1:${lesson}`;

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
    const leftKey = leftKeyFor(this.#page.data.lesson);
    const left = Number(storage()?.getItem(leftKey) ?? 0);
    storage()?.removeItem(leftKey);
    // Said once, with whatever the opening says: runs made just before leaving, never kept.
    let lostOnLeave =
      left > 0
        ? ` ${plural(left, 'run')} made just before you left had not been saved yet (the engine was still taking over after a Cancel), so the database does not have them.`
        : '';
    const sayOnOpening = (message: string) => {
      say(`${message}${lostOnLeave}`);
      lostOnLeave = '';
    };
    addEventListener('pagehide', () => {
      const unsaved = engine.unsaved;
      try {
        if (unsaved > 0) storage()?.setItem(leftKey, String(unsaved));
      } catch {
        // Storage refused: the next visit cannot say what was lost.
      }
    });
    this.#page.root.dataset.saving = 'starting';
    const mark = (saving: Saving) => {
      this.#page.root.dataset.saving = !saving.kept ? 'not-kept' : saving.catchingUp ? 'catching-up' : 'kept';
    };
    engine.on('opened', (info) => {
      mark(info.saving);
      this.#pending.clear();
      const { saving } = info;
      if (!saving.kept) {
        if (info.cause === 'start')
          sayOnOpening(`What you run here is not kept after you leave: ${saving.why}.`);
        return;
      }
      if (!saving.resumed) {
        this.#write(withRuns(undefined, saving.id, {}));
        if (info.lost)
          sayOnOpening(
            `Your kept database could not be opened (${info.lost}), so this lesson starts afresh.`,
          );
        return;
      }
      if (info.cause === 'start') this.#restore(steps, saving, sayOnOpening);
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
      mark(saving);
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
