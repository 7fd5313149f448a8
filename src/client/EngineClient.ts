import type { Outcome } from '../engine/execute';
import type { EngineRequest, EngineResponse } from '../engine/protocol';

export type EngineState = 'starting' | 'ready' | 'busy' | 'recovering' | 'broken';

/** How a run ended: with PostgreSQL's answer, or stopped and the database restored without it. */
export type RunReply =
  | { kind: 'done'; outcome: Outcome }
  | { kind: 'stopped'; reason: 'cancelled' | 'timeout' | 'crashed'; detail: string; recoveryMs: number };

export interface EngineClientOptions {
  createWorker: () => Worker;
  dataDirUrl: string;
  /** SQL that brings a fresh database to the lesson's starting state. */
  setup: string[];
  /** `message` is left out when only the state changes, so screen readers are not told on every run. */
  onState: (state: EngineState, message?: string) => void;
}

type Answer = EngineResponse | { type: 'crashed'; message: string };

/** A worker and the answer to its `open` request. */
interface Engine {
  worker: Worker;
  opened: Promise<Answer>;
}

/**
 * Once a statement has run this long, a spare engine starts loading the state from before it, so
 * that Cancel or the time limit can switch to it instead of waiting for a new engine to start.
 */
const spareAfterMs = 1000;

/**
 * Owns the engine worker. Requests run one at a time, in the order they were made. A run that
 * is cancelled, takes too long or crashes the worker ends with the worker terminated (PGlite
 * cannot cancel a query) and another one, brought to the same state by replaying the journal,
 * taking its place.
 */
export class EngineClient {
  /** Milliseconds a statement may run before it is stopped. */
  timeoutMs = 5000;
  /** Rows per statement sent back for display. */
  maxRows = 500;

  readonly #options: EngineClientOptions;
  #engine: Engine | undefined;
  #spare: Engine | undefined;
  #nextId = 0;
  #pending = new Map<number, { worker: Worker; resolve: (answer: Answer) => void }>();
  #queue: Promise<unknown> = Promise.resolve();
  /** Everything run since the lesson's start, in order; replayed by a replacement engine. */
  #journal: string[] = [];
  #stop: ((reason: 'cancelled') => void) | undefined;
  #opened = false;

  constructor(options: EngineClientOptions) {
    this.#options = options;
  }

  /** Starts the worker and restores the lesson's starting state. */
  start(): Promise<void> {
    return this.#enqueue(async () => {
      await this.#replace('starting');
      if (!this.#opened) performance.mark('engine-ready');
      this.#opened = true;
    });
  }

  run(sql: string): Promise<RunReply> {
    return this.#enqueue(async () => {
      this.#options.onState('busy');
      const engine = this.#engine;
      if (!engine) throw new Error('The database is not open.');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stopped = new Promise<'cancelled' | 'timeout'>((resolve) => {
        this.#stop = resolve;
        timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
      });
      const spareTimer = setTimeout(() => {
        this.#spare ??= this.#spawn([...this.#options.setup, ...this.#journal], undefined);
      }, spareAfterMs);
      const answer = await Promise.race([
        this.#request(engine.worker, {
          type: 'run',
          id: ++this.#nextId,
          sql,
          maxRows: this.maxRows,
          trackChanges: true,
        }),
        stopped,
      ]);
      clearTimeout(timer);
      clearTimeout(spareTimer);
      this.#stop = undefined;
      if (typeof answer !== 'string' && answer.type === 'ran') {
        this.#discardSpare();
        // psql commands only read the catalog: nothing to replay.
        if (!sql.trimStart().startsWith('\\')) this.#journal.push(sql);
        this.#options.onState('ready');
        return { kind: 'done', outcome: answer.outcome };
      }
      const reason = typeof answer === 'string' ? answer : 'crashed';
      const detail = typeof answer === 'string' ? '' : 'message' in answer ? answer.message : '';
      const started = performance.now();
      await this.#replace('recovering');
      return { kind: 'stopped', reason, detail, recoveryMs: performance.now() - started };
    });
  }

  /** Stops the statement that is running now, if any. */
  cancel(): void {
    this.#stop?.('cancelled');
  }

  /** Back to the lesson's starting state: a new engine, nothing replayed. */
  reset(): Promise<void> {
    return this.#enqueue(async () => {
      this.#journal = [];
      this.#discardSpare();
      await this.#replace('starting');
    });
  }

  /** Table and column names of the live database, for completion. */
  schema(): Promise<Record<string, string[]>> {
    return this.#enqueue(async () => {
      if (!this.#engine) return {};
      const answer = await this.#request(this.#engine.worker, { type: 'schema', id: ++this.#nextId });
      return answer.type === 'schema' ? answer.tables : {};
    });
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Terminates the current engine and puts the spare, or a new engine, in its place. */
  async #replace(state: 'starting' | 'recovering') {
    const { onState, setup } = this.#options;
    if (this.#engine) this.#retire(this.#engine.worker, 'The engine was restarted.');
    onState(state, state === 'starting' ? 'Starting PostgreSQL…' : 'Restarting PostgreSQL…');
    const engine = this.#spare ?? this.#spawn([...setup, ...this.#journal], state);
    this.#spare = undefined;
    this.#engine = engine;
    const answer = await engine.opened;
    if (answer.type !== 'opened') {
      const message = 'message' in answer ? answer.message : 'unknown error';
      onState('broken', `PostgreSQL could not start: ${message}. Reload the page to try again.`);
      throw new Error(message);
    }
    onState('ready', 'Ready');
  }

  /** Starts a worker that opens a database and replays `setup`; `state` set means its progress is shown. */
  #spawn(setup: string[], state: 'starting' | 'recovering' | undefined): Engine {
    const worker = this.#options.createWorker();
    worker.onmessage = (event: MessageEvent<EngineResponse>) => {
      const message = event.data;
      if (message.type !== 'progress') this.#settle(message.id, message);
      else if (state && this.#engine?.worker === worker) this.#options.onState(state, message.message);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.#retire(worker, event.message || 'The database engine stopped unexpectedly.');
    };
    const opened = this.#request(worker, {
      type: 'open',
      id: ++this.#nextId,
      dataDirUrl: this.#options.dataDirUrl,
      setup,
    });
    return { worker, opened };
  }

  #discardSpare() {
    if (this.#spare) this.#retire(this.#spare.worker, 'Not needed.');
    this.#spare = undefined;
  }

  /** Terminates a worker; whatever it still owed is answered as a crash. */
  #retire(worker: Worker, message: string) {
    worker.terminate();
    for (const [id, entry] of this.#pending) {
      if (entry.worker !== worker) continue;
      entry.resolve({ type: 'crashed', message });
      this.#pending.delete(id);
    }
  }

  #request(worker: Worker, request: EngineRequest): Promise<Answer> {
    return new Promise((resolve) => {
      this.#pending.set(request.id, { worker, resolve });
      worker.postMessage(request satisfies EngineRequest);
    });
  }

  #settle(id: number, answer: Answer) {
    this.#pending.get(id)?.resolve(answer);
    this.#pending.delete(id);
  }
}
