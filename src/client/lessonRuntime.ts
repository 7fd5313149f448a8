import { ConsoleController } from './ConsoleController';
import { button } from './dom';
import { EngineClient, type EngineState } from './EngineClient';
import { type StepController as Step, StepController, type StepData } from './StepController';
import { loadSetting, saveSetting } from './savedEdits';

export interface LessonData {
  lesson: string;
  steps: StepData[];
  /** Every step of the earlier lessons, in order: the lesson's starting state. */
  setup: string[];
  dataDirUrl: string;
}

const timeoutKey = 'cqrs-in-postgres:timeout-seconds';

/** Turns a server-rendered lesson into a runnable one. Everything still reads without this. */
export function startLesson(root: HTMLElement): void {
  const dataNode = root.querySelector('script.lesson-data');
  const data = JSON.parse(dataNode?.textContent ?? '{}') as LessonData;
  const status = root.querySelector<HTMLElement>('.engine-status');
  const toolbar = root.querySelector<HTMLElement>('.lesson-toolbar');
  const announcer = root.querySelector<HTMLElement>('.announcer');
  const announce = (message: string) => {
    if (announcer) announcer.textContent = message;
  };
  const setState = (state: EngineState, message?: string) => {
    if (!status) return;
    status.dataset['state'] = state;
    if (message !== undefined && status.textContent !== message) status.textContent = message;
  };

  const engine = new EngineClient({
    createWorker: () =>
      new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module', name: 'postgres' }),
    dataDirUrl: data.dataDirUrl,
    setup: data.setup,
    onState: setState,
  });
  const saved = Number(loadSetting(timeoutKey));
  if (saved > 0) engine.timeoutMs = saved * 1000;

  const steps: Step[] = [];
  const refreshSchema = async () => {
    const tables = await engine.schema().catch(() => ({}));
    for (const step of steps) step.setSchema(tables);
    consoleController?.setSchema(tables);
  };
  let running = Promise.resolve();
  const host = {
    engine,
    lesson: data.lesson,
    announce,
    requestRun(step: Step) {
      running = running.then(async () => {
        const index = steps.indexOf(step);
        const earlier = steps.slice(0, index).filter((item) => item.state === 'not-run');
        for (const item of earlier)
          await item.execute('Run first, so that the database is as the lesson describes.');
        const note =
          earlier.length > 0
            ? `Steps ${earlier.map((item) => item.data.number).join(', ')} had not run yet; they ran first, so the database is as the lesson describes.`
            : undefined;
        await step.execute(note);
        await refreshSchema();
      });
      running = running.catch((error: unknown) => announce(`Something went wrong: ${String(error)}`));
    },
  };
  for (const section of root.querySelectorAll<HTMLElement>('section.step')) {
    const stepData = data.steps.find((item) => item.id === section.dataset['stepId']);
    if (stepData) steps.push(new StepController(section, stepData, host));
  }

  const consoleSection = root.querySelector<HTMLElement>('.console');
  let consoleController: ConsoleController | undefined;
  if (consoleSection) {
    consoleSection.hidden = false;
    consoleController = new ConsoleController(
      consoleSection,
      data.lesson,
      engine,
      (message) => {
        announce(message);
        void refreshSchema();
      },
      () => steps.filter((step) => step.state === 'not-run').map((step) => step.data.number),
    );
  }

  if (toolbar) {
    const select = toolbar.querySelector<HTMLSelectElement>('select[name="timeout"]');
    if (select) {
      select.value = String(engine.timeoutMs / 1000);
      select.addEventListener('change', () => {
        engine.timeoutMs = Number(select.value) * 1000;
        saveSetting(timeoutKey, select.value);
      });
    }
    const runAll = button('Run all steps', () => {
      const last = steps.at(-1);
      if (last?.state === 'not-run') host.requestRun(last);
      else announce('Every step has run. Use "Reset lesson" to start again.');
    });
    const reset = button('Reset lesson', () => {
      running = running.then(async () => {
        await engine.reset();
        for (const step of steps) step.clear();
        await refreshSchema();
        announce('The lesson was reset: the database is back at its starting state.');
      });
      running = running.catch((error: unknown) => announce(`Reset failed: ${String(error)}`));
    });
    toolbar.querySelector('.toolbar-actions')?.append(runAll, reset);
    toolbar.hidden = false;
  }

  void engine
    .start()
    .then(refreshSchema)
    .catch(() => undefined);
}
