import { DiagramView } from '../diagram/DiagramView';
import type { Activity } from '../diagram/model';
import { type Catalog, columnsByTable } from '../engine/catalog';
import type { Outcome } from '../engine/execute';
import { VersionPanels, type VersionsData } from '../versions/VersionPanels';
import { ConsoleController } from './ConsoleController';
import { button, el, plural } from './dom';
import { EngineClient, type Source } from './EngineClient';
import { SchemaStore } from './editor/liveSchema';
import { StepController, type StepData } from './StepController';
import { Toolbar } from './Toolbar';
import './lesson.css';

export interface LessonData {
  lesson: string;
  steps: StepData[];
  /** Every step of the earlier lessons, in order: the starting state when there is no snapshot. */
  setup: string[];
  snapshotUrl: string;
  /** The next lesson's snapshot, fetched in the background once this lesson is ready. */
  nextSnapshotUrl?: string;
  versions?: VersionsData;
}

/** Turns a server-rendered lesson into a runnable one. Everything still reads without this. */
export function startLesson(root: HTMLElement): void {
  const dataNode = root.querySelector('script.lesson-data');
  const data = JSON.parse(dataNode?.textContent ?? '{}') as LessonData;
  const announcer = root.querySelector<HTMLElement>('.announcer');
  const announce = (message: string) => {
    if (announcer) announcer.textContent = message;
  };

  const engine = new EngineClient({
    createWorker: () =>
      new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module', name: 'postgres' }),
    snapshotUrl: data.snapshotUrl,
    setup: data.setup,
  });
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
  let catalog: Catalog = { tables: [], triggers: [] };
  const activities = new WeakMap<Outcome, Activity>();
  engine.on('catalog', (next) => {
    catalog = next;
    schema.set(columnsByTable(next));
  });
  engine.on('ran', (_source, outcome) => {
    const activity: Activity = {
      changes: outcome.changes,
      fired: outcome.fired,
      failedIn: outcome.failedIn,
      before: catalog,
      ...(outcome.result.ok || !outcome.result.error.table ? {} : { errorTable: outcome.result.error.table }),
    };
    activities.set(outcome, activity);
    live.show(outcome.catalog ?? catalog, activity);
  });
  engine.on('state', (state) => {
    if (state === 'ready' && !live.element.querySelector('svg')) live.show(catalog);
  });
  const describeRun = (outcome: Outcome): HTMLElement | null => {
    const activity = activities.get(outcome);
    if (!activity) return null;
    const view = new DiagramView({ mode: 'run', caption: 'The write path of this run.' });
    return view.show(engine.catalog, activity) ? view.element : null;
  };

  const steps: StepController[] = [];
  let queue = Promise.resolve();
  let touched = 0;
  const enqueue = (task: () => Promise<void>) => {
    queue = queue.then(task).catch((error: unknown) => announce(`Something went wrong: ${String(error)}`));
  };

  const toolbarRoot = root.querySelector<HTMLElement>('.lesson-toolbar');
  if (!toolbarRoot) throw new Error('the lesson has no toolbar');
  const toolbar = new Toolbar(
    toolbarRoot,
    engine,
    {
      runAll: () => enqueue(() => runAll()),
      reset: () =>
        enqueue(async () => {
          await engine.reset();
          for (const step of steps) step.clear();
          touched = 0;
          toolbar.setTouched(0);
          toolbar.say(
            'The lesson was reset: the database is back at its starting state. Your edits are kept.',
          );
          announce('The lesson was reset: the database is back at its starting state.');
        }),
      finishTransaction: (command) =>
        enqueue(async () => {
          await engine.run(command, { kind: 'console' });
        }),
    },
    announce,
  );

  engine.on('ran', (source, outcome) => {
    if (source.kind !== 'step' && source.kind !== 'check' && outcome.wrote) {
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
  };
  for (const section of root.querySelectorAll<HTMLElement>('section.step')) {
    const stepData = data.steps.find((item) => item.id === section.dataset['stepId']);
    if (stepData) steps.push(new StepController(section, stepData, host));
  }

  const consoleSection = root.querySelector<HTMLElement>('.console');
  if (consoleSection) {
    consoleSection.hidden = false;
    new ConsoleController(consoleSection, {
      ...host,
      stepsNotRun: () => steps.filter((step) => step.state === 'not-run').map((step) => step.data.number),
    });
  }

  const versionsSection = root.querySelector<HTMLElement>('[data-versions]');
  if (versionsSection && data.versions) new VersionPanels(versionsSection, data.versions, host);

  void engine.start().then(() => {
    // The next lesson opens from its own snapshot: fetch it now, while the learner reads this one.
    if (data.nextSnapshotUrl && engine.state === 'ready') {
      void fetch(data.nextSnapshotUrl, { priority: 'low' } as RequestInit).catch(() => undefined);
    }
  });
}

function sameStep(a: Source, b: Source): boolean {
  return a.kind === 'step' && b.kind === 'step' && a.lesson === b.lesson && a.id === b.id;
}

/** Asks a question next to `anchor` with a button per answer; resolves with the chosen answer. */
function ask<T extends string>(anchor: HTMLElement, question: string, answers: [T, string][]): Promise<T> {
  return new Promise((resolve) => {
    const box = el('div', {
      className: 'decision',
      attrs: { role: 'group', 'aria-label': 'A decision is needed' },
    });
    box.append(el('p', { text: question }));
    for (const [value, label] of answers) {
      box.append(
        button(
          label,
          () => {
            box.remove();
            resolve(value);
          },
          value === 'cancel' ? 'button' : 'button button-primary',
        ),
        ' ',
      );
    }
    const output = anchor.querySelector('.step-controls') ?? anchor;
    output.after(box);
    box.querySelector('button')?.focus();
  });
}
