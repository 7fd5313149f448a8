import { DiagramView } from '../diagram/DiagramView';
import { columnsByTable } from '../engine/catalog';
import type { Outcome } from '../engine/execute';
import { type ExerciseData, ExerciseView } from '../exercises/ExerciseView';
import { counts, doneWhen, forgetLesson, markDone } from '../progress/progress';
import { ProgressStore } from '../progress/progressStore';
import { RaceTimelineView } from '../races/RaceTimelineView';
import type { Timeline } from '../races/timeline';
import { ScaleClient } from '../scale/ScaleClient';
import { type ScaleDemoData, ScaleDemoView } from '../scale/ScaleDemoView';
import { decodeShare } from '../share/shareLink';
import { VersionPanels, type VersionsData } from '../versions/VersionPanels';
import { activityOf } from './activity';
import { ask } from './ask';
import { ConsoleController } from './ConsoleController';
import { createEngine, createWorker, type EngineData, prefetch } from './createEngine';
import { el, plural } from './dom';
import type { Observed, Source } from './EngineClient';
import { SchemaStore } from './editor/SchemaStore';
import { registerServiceWorker } from './registerServiceWorker';
import { StepController, type StepData } from './StepController';
import { installShortcutsHelp } from './shortcuts';
import { Toolbar } from './Toolbar';
import './lesson.css';

export interface LessonData {
  lesson: string;
  steps: StepData[];
  exercises: ExerciseData[];
  engine: EngineData;
  versions?: VersionsData;
  scaleDemo?: ScaleDemoData;
  /** The service worker's URL, registered once the lesson is ready. */
  serviceWorker: string;
}

/** Turns a server-rendered lesson into a runnable one. Everything still reads without this. */
export function startLesson(root: HTMLElement): void {
  const dataNode = root.querySelector('script.lesson-data');
  const data = JSON.parse(dataNode?.textContent ?? '{}') as LessonData;
  const announcer = root.querySelector<HTMLElement>('.announcer');
  const announce = (message: string) => {
    if (announcer) announcer.textContent = message;
  };

  // `?observe=full`: the benchmark's baseline, comparing every table after every run.
  const naive = new URLSearchParams(window.location.search).get('observe') === 'full';
  const engine = createEngine(data.engine, naive ? 'full' : undefined);
  const schema = new SchemaStore();

  // The diagram of the whole schema, and for each run the write path it took.
  const live = new DiagramView({ mode: 'live', caption: 'The database now.' });
  const liveBox = el(
    'details',
    { className: 'live-diagram' },
    el('summary', { text: 'Live diagram: write tables, read tables and the triggers between them' }),
    live.element,
  );
  liveBox.open = window.matchMedia('(min-width: 48rem)').matches;
  root.querySelector('.lesson-header')?.after(liveBox);
  engine.on('catalog', (next) => {
    schema.set(columnsByTable(next));
    live.show(next);
  });
  engine.on('ran', (_source, outcome, observed) => {
    if (observed.observation.catalog) schema.set(columnsByTable(observed.catalog));
    live.show(observed.catalog, activityOf(outcome, observed));
  });
  const describeRun = (outcome: Outcome, observed: Observed): HTMLElement | null => {
    const view = new DiagramView({ mode: 'run', caption: 'The write path of this run.' });
    return view.show(observed.catalog, activityOf(outcome, observed)) ? view.element : null;
  };

  const steps: StepController[] = [];
  let scratch: ConsoleController | undefined;
  let queue = Promise.resolve();
  let touched = 0;
  const enqueue = (task: () => Promise<void>) => {
    queue = queue.then(task).catch((error: unknown) => announce(`Something went wrong: ${String(error)}`));
  };

  // Progress that lasts: kept in the browser, shown apart from what this page's database has run.
  const progress = new ProgressStore();
  const exercises: ExerciseView[] = [];
  const items = {
    slug: data.lesson,
    steps: data.steps.map((step) => step.id),
    exercises: data.exercises.map((item) => item.id),
  };
  const header = root.querySelector<HTMLElement>('.lesson-progress');
  const showProgress = () => {
    const { done, total } = counts(progress.progress, items);
    if (header) {
      header.hidden = false;
      header
        .querySelector('.lesson-progress-count')
        ?.replaceChildren(
          `${done} of ${total} done${done === total && total > 0 ? ': the whole lesson' : ''}`,
        );
    }
    for (const step of steps)
      step.showDoneEarlier(doneWhen(progress.progress, data.lesson, 'steps', step.data.id));
    window.dispatchEvent(new CustomEvent('cqrs-progress'));
  };
  progress.on(showProgress);

  const toolbarRoot = root.querySelector<HTMLElement>('.lesson-toolbar');
  if (!toolbarRoot) throw new Error('the lesson has no toolbar');
  const toolbar = new Toolbar(
    toolbarRoot,
    engine,
    {
      runAll: () => enqueue(() => runAll()),
      reset: () =>
        enqueue(async () => {
          await resetDatabase();
          if (engine.problem) {
            toolbar.say(`Reset failed: ${engine.problem}`);
            announce(`Reset failed: ${engine.problem}`);
            return;
          }
          toolbar.say(
            'The lesson was reset: the database is back at its starting state. Your edits are kept.',
          );
          announce('The lesson was reset: the database is back at its starting state.');
        }),
      restoreAll: () => void restoreAll(),
      toggleConsole: () => {
        if (!scratch) return false;
        void scratch.setDocked(!scratch.docked);
        return scratch.docked;
      },
      finishTransaction: (command) =>
        enqueue(async () => {
          await engine.run(command, { kind: 'console' });
        }),
    },
    announce,
  );

  /** The database back at the lesson's start, every step not run again, nothing else touched yet. */
  const resetDatabase = async () => {
    await engine.reset();
    for (const step of steps) step.clear();
    touched = 0;
    toolbar.setTouched(0);
  };

  engine.on('ran', (source, _outcome, observed) => {
    if (source.kind !== 'step' && source.kind !== 'check' && observed.observation.wrote) {
      touched += 1;
      toolbar.setTouched(touched);
    }
  });
  engine.on('undone', (sources, why) => {
    const undone = steps.filter((step) => sources.some((source) => sameStep(source, step.source)));
    for (const step of undone)
      step.clear(`Undone: ${why} This step's changes are gone; run it again to redo them.`);
    if (undone.length > 0) {
      toolbar.say(
        `${plural(undone.length, 'step')} (${undone.map((step) => step.data.number).join(', ')}) undone. ${why}`,
      );
    }
  });

  /**
   * A transaction someone else began (the console, a panel) is open: a lesson step run inside it
   * would be tied to it, and an error would roll everything back. The learner decides.
   */
  const settleForeignTransaction = async (step: StepController): Promise<boolean> => {
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
  };

  const runUpTo = async (step: StepController, quiet: boolean) => {
    if (!(await settleForeignTransaction(step))) return;
    const index = steps.indexOf(step);
    const earlier = steps.slice(0, index).filter((item) => item.state === 'not-run');
    for (const item of earlier)
      await item.execute(quiet ? undefined : 'Run first, so that the database is as the lesson describes.');
    const note =
      earlier.length > 0 && !quiet
        ? `Steps ${earlier.map((item) => item.data.number).join(', ')} had not run yet; they ran first, so the database is as the lesson describes.`
        : undefined;
    await step.execute(note);
  };

  // Edits are the learner's work: they go only when the learner says so, and Ctrl+Z in a step
  // brings its edit back.
  const restoreAll = async () => {
    const edited = steps.filter((step) => step.edited);
    if (edited.length === 0) {
      toolbar.say("No step is edited: every step shows the lesson's own SQL.");
      return;
    }
    const choice = await ask(
      // Inside the toolbar, which stays on screen wherever the reader is.
      toolbarRoot.querySelector<HTMLElement>('.toolbar-actions') ?? toolbarRoot,
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
  };

  const runAll = async () => {
    const todo = steps.filter((step) => step.state === 'not-run');
    const last = todo.at(-1);
    if (!last) {
      toolbar.say('Every step has run. "Reset lesson" starts again from the beginning.');
      return;
    }
    toolbar.say(`Running ${plural(todo.length, 'step')}…`);
    await runUpTo(last, true);
    const problems = todo.filter((step) => step.state !== 'ok');
    const summary =
      problems.length === 0
        ? `Ran ${plural(todo.length, 'step')}, all as the lesson says.`
        : `Ran ${plural(todo.length, 'step')}: ${problems.length} not as the lesson says (step ${problems.map((step) => step.data.number).join(', ')}).`;
    toolbar.say(summary);
    announce(summary);
    (problems[0] ?? last).section.scrollIntoView({ block: 'start' });
  };

  const host = {
    engine,
    schema,
    lesson: data.lesson,
    announce,
    describeRun,
    requestRun(step: StepController) {
      enqueue(() => runUpTo(step, false));
    },
    requestRunAndNext(step: StepController) {
      enqueue(async () => {
        await runUpTo(step, false);
        steps[steps.indexOf(step) + 1]?.focusRun();
      });
    },
    completed(step: StepController) {
      progress.update((current) => markDone(current, data.lesson, 'steps', step.data.id, new Date()));
    },
  };
  for (const section of root.querySelectorAll<HTMLElement>('section.step')) {
    const stepData = data.steps.find((item) => item.id === section.dataset['stepId']);
    if (stepData) steps.push(new StepController(section, stepData, host));
  }

  const consoleSection = root.querySelector<HTMLElement>('.console');
  if (consoleSection) {
    consoleSection.hidden = false;
    scratch = new ConsoleController(consoleSection, {
      ...host,
      stepsNotRun: () => steps.filter((step) => step.state === 'not-run').map((step) => step.data.number),
      docked(docked) {
        toolbar.consoleButton.setAttribute('aria-pressed', String(docked));
        if (!docked) toolbar.consoleButton.focus();
      },
    });
  }

  for (const section of root.querySelectorAll<HTMLElement>('section.exercise')) {
    const exercise = data.exercises.find((item) => item.id === section.dataset['exerciseId']);
    if (!exercise) continue;
    exercises.push(
      new ExerciseView(section, exercise, {
        ...host,
        lessonSteps: () => data.steps.map((step) => step.sql),
        runUnrunSteps: () =>
          new Promise((resolve) =>
            enqueue(async () => {
              const todo = steps.filter((step) => step.state === 'not-run');
              const last = todo.at(-1);
              if (last) await runUpTo(last, true);
              resolve(todo.map((step) => step.data.number));
            }),
          ),
        resetToExerciseStart: () =>
          new Promise((resolve) =>
            enqueue(async () => {
              await resetDatabase();
              if (!engine.problem) {
                const last = steps.at(-1);
                if (last) await runUpTo(last, true);
              }
              resolve(engine.problem);
            }),
          ),
        completed: (id) =>
          progress.update((current) => markDone(current, data.lesson, 'exercises', id, new Date())),
      }),
    );
  }

  // Starting over: the lesson's progress forgotten and its database back at the start; edits stay.
  header?.querySelector('.lesson-start-over')?.addEventListener('click', (event) => {
    const anchor = event.currentTarget as HTMLElement;
    void ask(
      anchor.closest('.lesson-progress') ?? anchor,
      'Forget your progress on this lesson and put its database back at the start? Your edited SQL is kept.',
      [
        ['start-over', 'Start this lesson over'],
        ['cancel', 'Keep going'],
      ],
    ).then((choice) => {
      if (choice !== 'start-over') return;
      progress.update((current) => forgetLesson(current, data.lesson));
      enqueue(async () => {
        await resetDatabase();
        toolbar.say(
          engine.problem
            ? `Reset failed: ${engine.problem}`
            : 'Started over: no progress on this lesson, and its database at the start.',
        );
      });
    });
  });
  if (progress.problem) toolbar.say(progress.problem);
  showProgress();
  installShortcutsHelp();

  // A share link: its SQL is offered where it belongs, never run.
  void decodeShare(window.location.hash).then((shared) => {
    if (!shared) {
      if (window.location.hash.startsWith('#share=')) {
        toolbar.say(
          'This link was meant to carry shared SQL, but it is cut short or damaged: nothing was taken from it.',
        );
      }
      return;
    }
    const target =
      shared.kind === 'step'
        ? steps.find((step) => step.data.id === shared.id)
        : exercises.find((exercise) => exercise.id === shared.id);
    if (target) target.offerShared(shared.sql);
    else toolbar.say('The link carried SQL for a step or exercise this lesson does not have.');
  });

  for (const figure of root.querySelectorAll<HTMLElement>('figure[data-race]')) {
    const timelines = JSON.parse(figure.querySelector('script.race-data')?.textContent ?? '[]') as Timeline[];
    if (timelines.length > 0) new RaceTimelineView(figure, timelines);
  }

  const scaleSection = root.querySelector<HTMLElement>('[data-scale-demo]');
  if (scaleSection && data.scaleDemo) {
    new ScaleDemoView(scaleSection, data.scaleDemo, new ScaleClient(createWorker, data.engine));
  }

  const versionsSection = root.querySelector<HTMLElement>('[data-versions]');
  if (versionsSection && data.versions) new VersionPanels(versionsSection, data.versions, host);

  void engine.start().then(() => {
    if (engine.state !== 'ready') return;
    // Only now, not to compete with the lesson's own download: the next lesson's snapshot, and the
    // service worker that keeps the course working offline.
    if (data.engine.nextSnapshotUrl) void prefetch(data.engine.nextSnapshotUrl, data.engine.cache);
    registerServiceWorker(data.serviceWorker);
  });
}

function sameStep(a: Source, b: Source): boolean {
  return a.kind === 'step' && b.kind === 'step' && a.lesson === b.lesson && a.id === b.id;
}
