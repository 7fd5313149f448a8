/// <reference lib="webworker" />
import { PGlite } from '@electric-sql/pglite';
import { describeError } from './describeError';
import { execute } from './execute';
import { type OpenDatabase, openDatabase } from './openDatabase';
import { EngineBroken } from './pgliteSession';
import type { EngineRequest, EngineResponse } from './protocol';

// A thin adapter: everything it does is openDatabase and execute, which the Node tests use directly.
declare const self: DedicatedWorkerGlobalScope;
let database: OpenDatabase | undefined;
let queue = Promise.resolve();

const post = (message: EngineResponse) => self.postMessage(message);

/** The lesson's snapshot, with download progress; undefined if it cannot be had. */
async function fetchSnapshot(url: string, id: number): Promise<Blob | undefined> {
  try {
    const response = await fetch(url);
    if (!response.ok || !response.body) return undefined;
    const total = Number(response.headers.get('content-length')) || undefined;
    const reader = response.body.getReader();
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    let done = 0;
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      chunks.push(next.value);
      done += next.value.byteLength;
      post({
        type: 'progress',
        id,
        phase: 'download',
        message: 'Downloading the lesson’s database…',
        done,
        ...(total ? { total } : {}),
      });
    }
    return new Blob(chunks);
  } catch {
    return undefined;
  }
}

async function handle(request: EngineRequest): Promise<void> {
  if (request.type === 'open') {
    const started = performance.now();
    database = await openDatabase((options) => PGlite.create(options), {
      snapshot: () => fetchSnapshot(request.snapshotUrl, request.id),
      setup: request.setup,
      replay: request.replay,
      progress: (phase, message, done, total) =>
        post({
          type: 'progress',
          id: request.id,
          phase,
          message,
          ...(done === undefined ? {} : { done }),
          ...(total === undefined ? {} : { total }),
        }),
    });
    const { fromSnapshot, catalog, replayProblems } = database;
    post({
      type: 'opened',
      id: request.id,
      ms: performance.now() - started,
      fromSnapshot,
      catalog,
      replayProblems,
    });
    return;
  }
  if (!database) throw new Error('The database is not open.');
  const outcome = await execute(database.session, request.sql, { observer: database.observer });
  const { result } = outcome;
  // XX: PostgreSQL's own class for internal errors, such as running out of stack inside WebAssembly.
  if (!result.ok && result.error.code.startsWith('XX')) {
    post({ type: 'crashed', id: request.id, message: `${result.error.code} ${result.error.message}` });
    return;
  }
  post({ type: 'ran', id: request.id, outcome });
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
