import { ConsoleController } from '../client/ConsoleController';
import { createEngine, prefetch } from '../client/createEngine';
import { SchemaStore } from '../client/editor/SchemaStore';
import { registerServiceWorker } from '../client/registerServiceWorker';
import { installShortcutsHelp } from '../client/shortcuts';
import { Toolbar } from '../client/Toolbar';
import { ExerciseView } from '../exercises/ExerciseView';
import { withdrawQuestions } from '../ui/ask';
import { KeptDatabase } from './KeptDatabase';
import { LessonSteps } from './LessonSteps';
import type { LessonData } from './lessonData';
import { mountRaces, mountScaleDemo, mountVersions, offerSharedLink } from './lessonExtras';
import { LessonProgress } from './lessonProgress';
import { mountLiveDiagram } from './liveDiagram';
import type { LessonPage } from './page';
import '../client/lesson.css';

/**
 * Turns a server-rendered lesson into a runnable one: the page composed from its parts, each of
 * which is a module of its own. Everything still reads without this.
 */
export function startLesson(root: HTMLElement): void {
  const data = JSON.parse(root.querySelector('script.lesson-data')?.textContent ?? '{}') as LessonData;
  const page = createPage(root, data);
  const progress = new LessonProgress(page);
  let toolbar: Toolbar | undefined;
  const theToolbar = () => {
    if (!toolbar) throw new Error('the toolbar is not there yet');
    return toolbar;
  };
  const kept = new KeptDatabase(page);
  const steps = new LessonSteps(page, theToolbar, (id) => progress.done('steps', id), kept.judged);
  const scratch = mountConsole(page, steps, theToolbar);
  toolbar = mountToolbar(page, steps, scratch);
  const exercises = mountExercises(page, steps, progress);
  progress.show(steps, (message) => theToolbar().say(message));
  kept.follow(steps, (message) => theToolbar().say(message));
  installShortcutsHelp();
  void offerSharedLink(
    steps.list.map((step) => ({ id: step.data.id, offerShared: (sql: string) => step.offerShared(sql) })),
    exercises,
    (message) => theToolbar().say(message),
  );
  mountRaces(page);
  mountScaleDemo(page);
  mountVersions(page);
  void page.engine.start().then(() => {
    if (page.engine.state !== 'ready') return;
    // Only now, not to compete with the lesson’s own download: the other lessons’ snapshots, and the
    // service worker that keeps the course working offline.
    void prefetch(data.engine.otherSnapshotUrls, data.engine.cache);
    registerServiceWorker(data.serviceWorker);
  });
}

/** The engine, the live schema, the queue and the diagram every part of the page shares. */
function createPage(root: HTMLElement, data: LessonData): LessonPage {
  const announcer = root.querySelector<HTMLElement>('.announcer');
  const announce = (message: string) => {
    if (announcer) announcer.textContent = message;
  };
  // `?observe=full`: the benchmark's baseline, comparing every table after every run.
  const naive = new URLSearchParams(window.location.search).get('observe') === 'full';
  // The benchmark's baseline measures engines, not the learner's kept database.
  const engine = createEngine(data.engine, naive ? { observe: 'full' } : { keep: true });
  const schema = new SchemaStore();
  let queue = Promise.resolve();
  const enqueue = (task: () => Promise<void>) => {
    queue = queue.then(task).catch((error: unknown) => announce(`Something went wrong: ${String(error)}`));
  };
  const describeRun = mountLiveDiagram(root, engine, schema);
  return { root, data, engine, schema, announce, enqueue, describeRun };
}

/** The scratch console, docked from the toolbar. */
function mountConsole(page: LessonPage, steps: LessonSteps, toolbar: () => Toolbar) {
  const section = page.root.querySelector<HTMLElement>('.console');
  if (!section) return undefined;
  section.hidden = false;
  return new ConsoleController(section, {
    ...page,
    lesson: page.data.lesson,
    stepsNotRun: () => steps.notRun(),
    docked(docked) {
      toolbar().consoleButton.setAttribute('aria-pressed', String(docked));
      if (!docked) toolbar().consoleButton.focus();
    },
  });
}

/** The toolbar's actions: run all, reset, restore edits, the console, an open transaction. */
function mountToolbar(page: LessonPage, steps: LessonSteps, scratch: ConsoleController | undefined): Toolbar {
  const root = page.root.querySelector<HTMLElement>('.lesson-toolbar');
  if (!root) throw new Error('the lesson has no toolbar');
  const { engine, announce, enqueue } = page;
  const toolbar: Toolbar = new Toolbar(
    root,
    engine,
    {
      runAll: () => enqueue(() => steps.runAll()),
      reset: () => {
        // An unanswered question holds the queue; Reset would otherwise wait on it without a word.
        if (withdrawQuestions() > 0)
          toolbar.say('The question waiting for your answer was set aside: resetting…');
        return enqueue(async () => {
          await steps.resetDatabase();
          const said = engine.problem
            ? `Reset failed: ${engine.problem}`
            : 'The lesson was reset: the database is back at its starting state. Your edits are kept.';
          toolbar.say(said);
          announce(said);
        });
      },
      // Asked inside the toolbar, which stays on screen wherever the reader is.
      restoreAll: () => void steps.restoreAll(root.querySelector<HTMLElement>('.toolbar-actions') ?? root),
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
  return toolbar;
}

/** Every exercise, its Run after the lesson's unrun steps, its reset back to where it starts. */
function mountExercises(page: LessonPage, steps: LessonSteps, progress: LessonProgress): ExerciseView[] {
  const { data, engine, enqueue } = page;
  const later = <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve) => enqueue(async () => resolve(await task())));
  const views: ExerciseView[] = [];
  for (const section of page.root.querySelectorAll<HTMLElement>('section.exercise')) {
    const exercise = data.exercises.find((item) => item.id === section.dataset['exerciseId']);
    if (!exercise) continue;
    views.push(
      new ExerciseView(section, exercise, {
        ...page,
        lesson: data.lesson,
        lessonSteps: () => data.steps.map((step) => step.sql),
        runUnrunSteps: () => later(() => steps.runUnrun()),
        resetToExerciseStart: () =>
          later(async () => {
            await steps.resetDatabase();
            if (!engine.problem) await steps.runUnrun();
            return engine.problem;
          }),
        completed: (id) => progress.done('exercises', id),
      }),
    );
  }
  return views;
}
