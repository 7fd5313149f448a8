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

/**
 * Owns the engine worker. Requests run one at a time, in the order they were made. A run that
 * is cancelled, takes too long or crashes the worker ends with the worker terminated (PGlite
 * cannot cancel a query) and a new one brought back to the same state by replaying the journal.
 */
export class EngineClient {
  /** Milliseconds a statement may run before it is stopped. */
  timeoutMs = 5000;
  /** Rows per statement sent back for display. */
  maxRows = 500;

  readonly #options: EngineClientOptions;
  #worker: Worker | undefined;
  #nextId = 0;
  #pending = new Map<number, (answer: Answer) => void>();
  #queue: Promise<unknown> = Promise.resolve();
  /** Everything run since the lesson's start, in order; replayed after a restart. */
  #journal: string[] = [];
  #stop: ((reason: 'cancelled') => void) | undefined;
  #opened = false;

  constructor(options: EngineClientOptions) {
    this.#options = options;
  }

  /** Starts the worker and restores the lesson's starting state. */
  start(): Promise<void> {
    return this.#enqueue(async () => {
      await this.#open('starting');
      if (!this.#opened) performance.mark('engine-ready');
      this.#opened = true;
    });
  }

  run(sql: string): Promise<RunReply> {
    return this.#enqueue(async () => {
      this.#options.onState('busy');
      const id = ++this.#nextId;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stopped = new Promise<'cancelled' | 'timeout'>((resolve) => {
        this.#stop = resolve;
        timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
      });
      const answer = await Promise.race([
        this.#request({ type: 'run', id, sql, maxRows: this.maxRows, trackChanges: true }),
        stopped,
      ]);
      clearTimeout(timer);
      this.#stop = undefined;
      if (typeof answer !== 'string' && answer.type === 'ran') {
        // psql commands only read the catalog: nothing to replay.
        if (!sql.trimStart().startsWith('\\')) this.#journal.push(sql);
        this.#options.onState('ready');
        return { kind: 'done', outcome: answer.outcome };
      }
      const reason = typeof answer === 'string' ? answer : 'crashed';
      const detail = typeof answer === 'string' ? '' : 'message' in answer ? answer.message : '';
      const started = performance.now();
      await this.#open('recovering');
      return { kind: 'stopped', reason, detail, recoveryMs: performance.now() - started };
    });
  }

  /** Stops the statement that is running now, if any. */
  cancel(): void {
    this.#stop?.('cancelled');
  }

  /** Back to the lesson's starting state: a new worker, nothing replayed. */
  reset(): Promise<void> {
    return this.#enqueue(async () => {
      this.#journal = [];
      await this.#open('starting');
    });
  }

  /** Table and column names of the live database, for completion. */
  schema(): Promise<Record<string, string[]>> {
    return this.#enqueue(async () => {
      const answer = await this.#request({ type: 'schema', id: ++this.#nextId });
      return answer.type === 'schema' ? answer.tables : {};
    });
  }

  get busy(): boolean {
    return this.#stop !== undefined;
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #open(state: 'starting' | 'recovering') {
    const { onState, createWorker, dataDirUrl, setup } = this.#options;
    this.#worker?.terminate();
    for (const resolve of this.#pending.values())
      resolve({ type: 'crashed', message: 'The engine was restarted.' });
    this.#pending.clear();
    onState(state, state === 'starting' ? 'Starting PostgreSQL…' : 'Restarting PostgreSQL…');
    const worker = createWorker();
    worker.onmessage = (event: MessageEvent<EngineResponse>) => {
      const message = event.data;
      if (message.type === 'progress') onState(state, message.message);
      else this.#settle(message.id, message);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.#crash(event.message || 'The database engine stopped unexpectedly.');
    };
    this.#worker = worker;
    const answer = await this.#request({
      type: 'open',
      id: ++this.#nextId,
      dataDirUrl,
      setup: [...setup, ...this.#journal],
    });
    if (answer.type !== 'opened') {
      const message = 'message' in answer ? answer.message : 'unknown error';
      onState('broken', `PostgreSQL could not start: ${message}. Reload the page to try again.`);
      throw new Error(message);
    }
    onState('ready', 'Ready');
  }

  #request(request: EngineRequest): Promise<Answer> {
    return new Promise((resolve) => {
      this.#pending.set(request.id, resolve);
      this.#worker?.postMessage(request satisfies EngineRequest);
    });
  }

  #settle(id: number, answer: Answer) {
    this.#pending.get(id)?.(answer);
    this.#pending.delete(id);
  }

  #crash(message: string) {
    for (const resolve of this.#pending.values()) resolve({ type: 'crashed', message });
    this.#pending.clear();
  }
}
