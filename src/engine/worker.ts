/// <reference lib="webworker" />
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import initdbUrl from '@electric-sql/pglite/initdb.wasm?url';
import dataUrl from '@electric-sql/pglite/pglite.data?url';
import wasmUrl from '@electric-sql/pglite/pglite.wasm?url';
import { checkExercise, type ExerciseCheck } from './checkExercise';
import { describeError } from './describeError';
import { downloadEngine, downloadInitdb, dropOldCaches, type EngineFiles } from './engineFiles';
import { execute, nothingObserved } from './execute';
import { type OpenDatabase, openDatabase } from './openDatabase';
import { EngineBroken } from './pgliteSession';
import type { EngineRequest, EngineResponse, ExerciseToCheck, OpenPhase } from './protocol';
import { runScaleDemo } from './runScaleDemo';

// A thin adapter: everything it does is openDatabase and execute, which the Node tests use directly.
declare const self: DedicatedWorkerGlobalScope;
let database: OpenDatabase | undefined;
/** How the lesson's database was opened: an exercise's check opens another one the same way. */
let opening:
  | { create: (options?: PGliteOptions) => Promise<PGlite>; snapshot?: Blob; setup: string[] }
  | undefined;
let queue = Promise.resolve();

const post = (message: EngineResponse) => self.postMessage(message);

async function handle(request: EngineRequest): Promise<void> {
  if (request.type === 'open') {
    const started = performance.now();
    const files: EngineFiles = {
      wasm: { url: wasmUrl, bytes: request.sizes.wasm },
      data: { url: dataUrl, bytes: request.sizes.data },
      initdb: { url: initdbUrl },
      snapshot: { url: request.snapshotUrl },
      cache: request.cache,
    };
    void dropOldCaches(request.cache);
    let engine: Awaited<ReturnType<typeof downloadEngine>> | undefined;
    const progress = (phase: OpenPhase, message: string, done?: number, total?: number) =>
      post({
        type: 'progress',
        id: request.id,
        phase,
        message,
        ...(done === undefined ? {} : { done }),
        ...(total === undefined ? {} : { total }),
      });
    const create = async (options?: PGliteOptions) => {
      if (!engine) throw new Error('the engine files were not downloaded');
      // PGlite loads the initdb module even with a snapshot; from our cache it costs no download.
      const initdbWasmModule = await downloadInitdb(files);
      return PGlite.create({
        ...options,
        initdbWasmModule,
        pgliteWasmModule: engine.wasm,
        fsBundle: engine.data,
      });
    };
    database = await openDatabase(create, {
      snapshot: async () => {
        engine = await downloadEngine(files, (done, total) =>
          progress('download', 'Downloading PostgreSQL and the lesson’s database…', done, total),
        );
        opening = { create, setup: request.setup, ...(engine.snapshot ? { snapshot: engine.snapshot } : {}) };
        return engine.snapshot;
      },
      setup: request.setup,
      replay: request.replay,
      ...(request.observe ? { observe: request.observe } : {}),
      progress,
    });
    const { fromSnapshot, replayProblems } = database;
    post({ type: 'opened', id: request.id, ms: performance.now() - started, fromSnapshot, replayProblems });
    // The page is ready now; the baseline is taken before any run, as requests queue here.
    await new Promise((resolve) => setTimeout(resolve, 0));
    post({ type: 'baseline', id: request.id, catalog: await database.observer.baseline() });
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
  post({ type: 'observed', id: request.id, observation });
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
    snapshot: async () => snapshot,
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
