/// <reference lib="webworker" />
import { checkExercise, type ExerciseCheck } from './checkExercise';
import { checkpointIfBehind } from './checkpointIfBehind';
import { describeError } from './describeError';
import { goneFiles } from './engineFiles';
import { execute, nothingObserved } from './execute';
import { type OpenDatabase, openDatabase } from './openDatabase';
import { type Opening, openLesson } from './openLesson';
import { EngineBroken } from './pgliteSession';
import type { EngineRequest, EngineResponse, ExerciseToCheck, OpenPhase } from './protocol';
import { run } from './run';
import { runScaleDemo } from './runScaleDemo';
import type { Saving, TakeOver } from './savedDatabase';

// A thin adapter: everything it does is openLesson and execute, which the tests use too.
declare const self: DedicatedWorkerGlobalScope;
let database: OpenDatabase | undefined;
/** How the lesson's database was opened: an exercise's check opens another one the same way. */
let opening: Opening | undefined;
/** A spare engine's way to take over the kept database. */
let takeOver: (() => TakeOver) | undefined;
/** Once a promoted spare has the lock: writes what it held, when the page asks. */
let release: (() => Promise<Saving>) | undefined;
let queue = Promise.resolve();

const post = (message: EngineResponse) => self.postMessage(message);

/** Temporary tables live as long as the session: a restart cannot bring them back. */
const temporaryTables =
  "SELECT relname FROM pg_catalog.pg_class WHERE relnamespace = pg_catalog.pg_my_temp_schema() AND relkind IN ('r', 'p')";

async function handle(request: EngineRequest): Promise<void> {
  if (request.type === 'open') {
    const started = performance.now();
    const progress = (phase: OpenPhase, message: string, done?: number, total?: number) =>
      post({
        type: 'progress',
        id: request.id,
        phase,
        message,
        ...(done === undefined ? {} : { done }),
        ...(total === undefined ? {} : { total }),
      });
    const opened = await openLesson(request, progress, (saving) => post({ type: 'saving', id: -1, saving }));
    ({ database, opening, takeOver } = opened);
    const { fromSnapshot, replayProblems } = database;
    post({
      type: 'opened',
      id: request.id,
      ms: performance.now() - started,
      fromSnapshot,
      replayProblems,
      saving: opened.saving,
      ...(opened.lost ? { lost: opened.lost } : {}),
      ...(goneFiles.has(request.snapshotUrl) ? { outdated: true } : {}),
    });
    // The page is ready now; the baseline is taken before any run, as requests queue here.
    await new Promise((resolve) => setTimeout(resolve, 0));
    post({ type: 'baseline', id: request.id, catalog: await database.observer.baseline() });
    return;
  }
  if (request.type === 'promote') {
    const taking = takeOver?.();
    takeOver = undefined;
    post({
      type: 'promoted',
      id: request.id,
      saving: taking?.saving ?? { kept: false, why: 'it was not kept before' },
    });
    if (taking?.saving.kept)
      void taking.locked.then((locked) => {
        release = () => taking.write(locked);
        post({ type: 'locked', id: -1 });
      });
    return;
  }
  if (request.type === 'release') {
    const saving = release ? await release() : { kept: false as const, why: 'there was nothing to write' };
    release = undefined;
    post({ type: 'released', id: request.id, saving });
    return;
  }
  if (!database) throw new Error('The database is not open.');
  if (request.type === 'check') {
    post({ type: 'checked', id: request.id, check: await checkOnCopy(request.exercise) });
    return;
  }
  if (request.type === 'scale') {
    const results = await runScaleDemo(
      request,
      async () => {
        const copy = await copyAtStart();
        return { session: copy.session, close: () => copy.db.close() };
      },
      (variant, done, total, message) =>
        post({ type: 'scaling', id: request.id, variant, done, total, message }),
    );
    post({ type: 'scaled', id: request.id, results });
    return;
  }
  const outcome = await execute(database.session, request.sql, undefined, { traceLocks: true });
  const { result } = outcome;
  // XX: PostgreSQL's own class for internal errors, such as running out of stack inside WebAssembly.
  if (!result.ok && result.error.code.startsWith('XX')) {
    post({ type: 'crashed', id: request.id, message: `${result.error.code} ${result.error.message}` });
    return;
  }
  post({ type: 'ran', id: request.id, outcome });
  // Chromium hands a worker's message to the page when the worker's task ends: end it, so the page
  // shows the result now rather than after the observation. Nothing else runs here meanwhile.
  await new Promise((resolve) => setTimeout(resolve, 0));
  // What changed follows, before this worker takes anything else.
  const observation = outcome.sent ? await database.observer.observe(result.transaction) : nothingObserved;
  const temporary = outcome.sent ? await run(database.session, temporaryTables) : undefined;
  if (outcome.sent && result.transaction === 'idle') await checkpointIfBehind(database.session);
  const names = temporary?.ok ? (temporary.statements[0]?.rows.map(([name]) => name ?? '') ?? []) : [];
  post({ type: 'observed', id: request.id, observation, temporary: names });
}

/**
 * An exercise's check, on a database of its own at the exercise's start, closed afterwards: the
 * learner's SQL may commit, and the learner's own database must not change.
 */
async function checkOnCopy(exercise: ExerciseToCheck): Promise<ExerciseCheck> {
  const copy = await copyAtStart(exercise.steps);
  try {
    return await checkExercise(copy.session, exercise);
  } finally {
    await copy.db.close();
  }
}

/** A fresh copy of the database at the lesson's start, made the way the lesson's own was. */
async function copyAtStart(replay: string[] = []) {
  if (!opening) throw new Error('The database is not open.');
  const { create, snapshot, setup } = opening;
  return openDatabase(create, {
    snapshot,
    setup,
    replay: replay.map((sql) => ({ sql })),
    progress: () => {},
  });
}

self.onmessage = (event: MessageEvent<EngineRequest>) => {
  const request = event.data;
  // One request at a time: an observation must not see the next run's changes.
  queue = queue.then(() =>
    handle(request).catch((error: unknown) => {
      const message = describeError(error);
      const broken = error instanceof EngineBroken || request.type === 'run';
      post({ type: broken ? 'crashed' : 'failed', id: request.id, message });
    }),
  );
};

// PGlite can fail outside any request (a WebAssembly file that will not compile, say).
self.onunhandledrejection = (event) => {
  post({ type: 'crashed', id: -1, message: describeError(event.reason) });
};
