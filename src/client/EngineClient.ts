import type { Catalog } from '../engine/catalog';
import type { ScriptRun } from '../engine/checkExercise';
import type { Outcome } from '../engine/execute';
import type { Observation } from '../engine/Observer';
import type {
  EngineRequest,
  EngineResponse,
  ExerciseToCheck,
  JournalEntry,
  OpenPhase,
} from '../engine/protocol';
import type { Saving } from '../engine/savedDatabase';
import type { RunResult } from '../engine/types';
import { type Entry, savedJournal, sessionPart } from './journal';

export type EngineState = 'starting' | 'ready' | 'busy' | 'recovering' | 'broken';

/** Who asked for a run: the page shows each its own results and says what a rollback undid. */
export type Source =
  | { kind: 'step'; lesson: string; id: string; number: number }
  | { kind: 'console' }
  | { kind: 'panel'; version: string; action: string }
  | { kind: 'exercise'; exercise: string }
  | { kind: 'check'; exercise: string };

/** How a restart went: what was replayed, what was left out, what did not come back the same. */
export interface Recovery {
  ms: number;
  restored: number;
  /** Statements left out because they could not have changed anything (plain reads). */
  skipped: number;
  problems: string[];
  /** The learner cancelled the restore: the database is back at the lesson's start, or as kept. */
  abandoned: boolean;
  /** Statements a cancelled restore did not replay (none when it finished). */
  dropped: number;
  /** Restarted from the kept database (as after the last finished run), not by replaying everything. */
  fromSaved: boolean;
}

/** What a run changed, with the schema before and after it: what the diagram draws. */
export interface Observed {
  observation: Observation;
  before: Catalog;
  catalog: Catalog;
}

/** How checking ended: how the learner's SQL ran and each check's result, or stopped, or not run. */
export type CheckReply =
  | { kind: 'done'; script: ScriptRun; results: RunResult[] }
  | { kind: 'stopped'; reason: 'cancelled' | 'timeout' | 'crashed'; detail: string; recovery: Recovery }
  | { kind: 'unavailable'; message: string };

/** How a run ended: with PostgreSQL's answer, stopped and restored without it, or not run at all. */
export type RunReply =
  | {
      kind: 'done';
      outcome: Outcome;
      undone: Source[];
      /** What the run changed and which triggers fired; a moment later. Undefined if the engine broke first. */
      observed: Promise<Observed | undefined>;
    }
  | { kind: 'stopped'; reason: 'cancelled' | 'timeout' | 'crashed'; detail: string; recovery: Recovery }
  | { kind: 'unavailable'; message: string };

export interface Progress {
  phase: OpenPhase;
  done?: number;
  total?: number;
}

export interface TransactionInfo {
  open: boolean;
  /** Who began it. */
  openedBy?: Source;
}

export interface EngineEvents {
  /** `message` is left out when only the state changes, so screen readers are not told on every run. */
  state: (state: EngineState, message?: string, progress?: Progress) => void;
  transaction: (info: TransactionInfo) => void;
  /** The schema when the database (re)opens; a run's schema comes with its `ran` event. */
  catalog: (catalog: Catalog) => void;
  /** After a run and its observation: the diagram and the page's bookkeeping follow this. */
  ran: (source: Source, outcome: Outcome, observed: Observed) => void;
  /** Earlier runs whose effects a rollback (or a restart that could not restore them) took away. */
  undone: (sources: Source[], why: string) => void;
  /** Runs whose effects are now in the kept database (committed, the database saved after them). */
  persisted: (sources: Source[]) => void;
  /** The database opened (at start, after a reset or a restart): whether it is kept, and how. */
  opened: (info: OpenedInfo) => void;
  /** Saving stopped while the page was open. */
  saving: (saving: Saving) => void;
}

export interface OpenedInfo {
  saving: Saving;
  /** A kept database that would not open and was started afresh: why. */
  lost?: string;
  /** Why it (re)opened. */
  cause: 'start' | 'reset' | 'restart';
}

export interface EngineClientOptions {
  createWorker: () => Worker;
  snapshotUrl: string;
  sizes: { wasm: number; data: number; snapshot: number };
  /** Keep the learner's database between visits under this lesson's name and starting state. */
  saved?: { name: string; version: string };
  /** The Cache API store for this build's engine files. */
  cache: string;
  /** SQL that brings a fresh database to the lesson's starting state when the snapshot cannot be had. */
  setup: string[];
  observe?: 'counters' | 'full';
}

type Answer = EngineResponse | { type: 'crashed'; message: string };

interface Engine {
  worker: Worker;
  opened: Promise<Answer>;
  /** Opened during a long run, to take over if it is stopped. */
  spare: boolean;
}

type Role = 'first' | 'replacement' | 'spare';

/** Checking opens a database of its own first: this much more time than the learner's limit. */
const checkOpeningMs = 15_000;
/**
 * A statement running this long may well be stopped: a spare engine starts reading the kept files
 * meanwhile, so that a Cancel from then on is ready again as soon as the spare is (about 1.5 s for
 * 3 million rows), not after the stopped worker dies (about 2 s) and a new one reads them. A lesson
 * step takes some tens of milliseconds (the bench's Run → verdict); a spare costs one more engine.
 */
const spareAfterMs = 1000;

/** Opening may take a while on a slow line, but it must keep making progress. */
const stallMs = 30_000;
/** The allowed time limits, in seconds; anything else read from storage is ignored. */
export const timeLimits = [2, 5, 10, 30, 60] as const;

/**
 * Owns the engine worker. Requests run one at a time, in order. A run that is cancelled, takes too
 * long or breaks the engine ends with the worker terminated (PGlite cannot cancel a query) and a new
 * one, brought to the same state from the lesson's snapshot and the journal, taking its place.
 * Whatever happens, every request settles, and the page is told the truth.
 */
export class EngineClient {
  timeoutMs = 5000;

  readonly #options: EngineClientOptions;
  readonly #listeners: { [K in keyof EngineEvents]: Set<EngineEvents[K]> } = {
    state: new Set(),
    transaction: new Set(),
    catalog: new Set(),
    ran: new Set(),
    undone: new Set(),
    persisted: new Set(),
    opened: new Set(),
    saving: new Set(),
  };
  #engine: Engine | undefined;
  #spare: Engine | undefined;
  #nextId = 0;
  #pending = new Map<string, { worker: Worker; resolve: (answer: Answer) => void }>();
  #queue: Promise<unknown> = Promise.resolve();
  #journal: Entry[] = [];
  #stop: ((reason: 'cancelled') => void) | undefined;
  #running: Source | undefined;
  #broken: string | undefined;
  #state: EngineState = 'starting';
  #transaction: TransactionInfo = { open: false };
  /** Runs inside the open transaction: a rollback undoes them all. */
  #inTransaction: Source[] = [];
  #catalog: Catalog = { tables: [], triggers: [] };
  #opened = false;
  #saving: Saving = { kept: false, why: 'the database is not open yet' };
  /** The session's temporary tables after the last run: a restart from the kept database loses them. */
  #temporary: string[] = [];

  constructor(options: EngineClientOptions) {
    this.#options = options;
  }

  on<K extends keyof EngineEvents>(event: K, listener: EngineEvents[K]): () => void {
    this.#listeners[event].add(listener);
    return () => this.#listeners[event].delete(listener);
  }

  get state(): EngineState {
    return this.#state;
  }

  get transaction(): TransactionInfo {
    return this.#transaction;
  }

  get catalog(): Catalog {
    return this.#catalog;
  }

  /** Why the engine cannot be used, while it cannot. */
  get problem(): string | undefined {
    return this.#broken;
  }

  /** What is running now, if anything. */
  get running(): Source | undefined {
    return this.#running;
  }

  /** Whether the database is kept between visits, or why not. */
  get saving(): Saving {
    return this.#saving;
  }

  /**
   * Runs not yet in the kept files: after a takeover, until the stopped engine has let go and the
   * new one has written what it held. A page left meanwhile loses them.
   */
  get unsaved(): number {
    return this.#saving.kept && this.#saving.catchingUp ? this.#journal.length : 0;
  }

  /** Starts the worker and opens the lesson's database: the kept one if there is one. */
  start(): Promise<void> {
    return this.#enqueue(async () => {
      await this.#replace('starting', [], { role: 'first', cause: 'start' });
      if (!this.#opened && !this.#broken) performance.mark('engine-ready');
      this.#opened = true;
    });
  }

  /**
   * Runs SQL once everything asked for earlier has finished. Resolves as soon as PostgreSQL has
   * answered, so the page can show the result at once; the observation follows in `observed`.
   */
  run(sql: string, source: Source): Promise<RunReply> {
    return new Promise((resolve) => {
      void this.#enqueue(() => this.#run(sql, source, resolve));
    });
  }

  /**
   * Checks the learner's SQL for an exercise on a database of its own at the exercise's start (the
   * worker opens and closes it): the learner's database is not changed. Not journalled: there is
   * nothing to restore. Opening that database counts against the time limit too, so the limit is
   * the learner's plus a margin for it.
   */
  check(exercise: ExerciseToCheck, source: Source): Promise<CheckReply> {
    return this.#enqueue(async () => {
      if (this.#broken || !this.#engine) {
        return { kind: 'unavailable', message: this.#broken ?? 'The database is not open yet.' } as const;
      }
      this.#running = source;
      this.#setState('busy');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stopped = new Promise<'cancelled' | 'timeout'>((resolve) => {
        this.#stop = resolve;
        timer = setTimeout(() => resolve('timeout'), this.timeoutMs + checkOpeningMs);
      });
      const id = ++this.#nextId;
      const answer = await Promise.race([
        this.#request(this.#engine.worker, { type: 'check', id, exercise }),
        stopped,
      ]);
      clearTimeout(timer);
      this.#stop = undefined;
      this.#running = undefined;
      if (typeof answer !== 'string' && answer.type === 'checked') {
        this.#setState('ready');
        const { script, checks } = answer.check;
        return checks.ran
          ? ({ kind: 'done', script, results: checks.results } as const)
          : ({ kind: 'unavailable', message: checks.reason } as const);
      }
      if (typeof answer !== 'string' && answer.type === 'failed') {
        // The copy could not be made or the checks not prepared; the learner's database is fine.
        this.#setState('ready');
        return { kind: 'unavailable', message: answer.message } as const;
      }
      const reason = typeof answer === 'string' ? answer : 'crashed';
      const detail = typeof answer !== 'string' && 'message' in answer ? answer.message : '';
      return { kind: 'stopped', reason, detail, recovery: await this.#recover() } as const;
    });
  }

  /**
   * Stops what `source` runs, if it is running now; without a source, stops whatever is running,
   * a restore included. A second press of a run's Cancel while the restore after it is under way
   * must not abandon the restore: only a call without a source (Stop restoring) does.
   */
  cancel(source?: Source): void {
    if (source && !(this.#running && sameSource(source, this.#running))) return;
    this.#stop?.('cancelled');
  }

  /** Back to the lesson's starting state: a new engine, nothing replayed, the kept copy started afresh. */
  reset(): Promise<void> {
    return this.#enqueue(async () => {
      this.#journal = [];
      this.#temporary = [];
      this.#discardSpare();
      this.#setTransaction({ open: false }, []);
      await this.#replace('starting', [], { role: 'replacement', cause: 'reset', fresh: true });
    });
  }

  #emit<K extends keyof EngineEvents>(event: K, ...args: Parameters<EngineEvents[K]>) {
    for (const listener of this.#listeners[event]) (listener as (...a: typeof args) => void)(...args);
  }

  #setState(state: EngineState, message?: string, progress?: Progress) {
    this.#state = state;
    this.#emit('state', state, message, progress);
  }

  #setTransaction(info: TransactionInfo, inside: Source[]) {
    const changed = info.open !== this.#transaction.open;
    this.#transaction = info;
    this.#inTransaction = inside;
    if (changed) this.#emit('transaction', info);
  }

  async #run(sql: string, source: Source, reply: (reply: RunReply) => void): Promise<void> {
    if (this.#broken || !this.#engine) {
      reply({ kind: 'unavailable', message: this.#broken ?? 'The database is not open yet.' });
      return;
    }
    this.#running = source;
    this.#setState('busy');
    const engine = this.#engine;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stopped = new Promise<'cancelled' | 'timeout'>((resolve) => {
      this.#stop = resolve;
      timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
    });
    const spareTimer = setTimeout(() => {
      this.#spare ??= this.#spawn(this.#replayable(), 'spare');
    }, spareAfterMs);
    const id = ++this.#nextId;
    // Registered before sending: the observation may arrive in the same task as the result.
    const observed = this.#expect(engine.worker, id, 'observed');
    const answer = await Promise.race([this.#request(engine.worker, { type: 'run', id, sql }), stopped]);
    clearTimeout(timer);
    clearTimeout(spareTimer);
    this.#stop = undefined;
    this.#running = undefined;
    if (typeof answer !== 'string' && answer.type === 'ran') {
      this.#discardSpare();
      const entry = this.#record(sql, source, answer.outcome);
      const saved = this.#saved(entry.undone);
      let settle: (observed: Observed | undefined) => void = () => undefined;
      const later = new Promise<Observed | undefined>((resolve) => {
        settle = resolve;
      });
      reply({ kind: 'done', outcome: answer.outcome, undone: entry.undone, observed: later });
      const message = await observed;
      if (message.type !== 'observed') {
        // The engine broke while looking at what the run changed: the run itself is journalled (or kept).
        settle(undefined);
        if (saved.length > 0) this.#emit('persisted', saved);
        await this.#recover();
        return;
      }
      const seen = message.observation;
      this.#temporary = message.temporary;
      entry.matters = entry.pinned || seen.wrote || !seen.counted;
      const result: Observed = {
        observation: seen,
        before: this.#catalog,
        catalog: seen.catalog ?? this.#catalog,
      };
      this.#catalog = result.catalog;
      settle(result);
      this.#setState('ready');
      this.#emit('ran', source, answer.outcome, result);
      if (entry.undone.length > 0)
        this.#emit('undone', entry.undone, 'The transaction they ran in was rolled back.');
      if (saved.length > 0) this.#emit('persisted', saved);
      return;
    }
    this.#settle(id, { type: 'crashed', message: 'stopped' });
    const reason = typeof answer === 'string' ? answer : 'crashed';
    const detail = typeof answer !== 'string' && 'message' in answer ? answer.message : '';
    const recovery = await this.#recover();
    reply({ kind: 'stopped', reason, detail, recovery });
  }

  /**
   * Journals a finished run and follows the transaction. The entry counts as mattering until the
   * observation says the run left no trace.
   */
  #record(sql: string, source: Source, outcome: Outcome): Entry & { undone: Source[]; pinned: boolean } {
    const { result } = outcome;
    const wasOpen = this.#transaction.open;
    const isOpen = result.transaction === 'open';
    // A failed run was rolled back (its implicit transaction, or the aborted one): only what outlives that.
    const session = sessionPart(sql, result.ok ? undefined : result.statements.length);
    // Inside a transaction, or changing the session: always replayed, whatever the tables say.
    const pinned = wasOpen || isOpen || session !== '';
    const entry: Entry = {
      sql,
      source,
      session,
      matters: pinned || outcome.sent,
      ...(result.ok ? {} : { error: result.error.code }),
    };
    // psql commands only read the catalog: nothing to replay.
    if (!sql.trimStart().startsWith('\\')) this.#journal.push(entry);
    const rolledBack =
      (!result.ok && result.rolledBack) || (result.ok && result.statements.at(-1)?.command === 'ROLLBACK');
    let undone: Source[] = [];
    if (wasOpen && !isOpen) {
      // The run that rolled back reports its own outcome; only the others were silently undone.
      undone = rolledBack ? unique(this.#inTransaction).filter((other) => !sameSource(other, source)) : [];
      this.#setTransaction({ open: false }, []);
    } else if (isOpen) {
      const inside = wasOpen ? [...this.#inTransaction, source] : [source];
      this.#setTransaction(wasOpen ? this.#transaction : { open: true, openedBy: source }, inside);
    }
    return Object.assign(entry, { undone, pinned });
  }

  /**
   * A promoted spare has the lock: it writes what it held, between this client's requests, so that
   * no run is under way (nor can be stopped) meanwhile. Its answer puts the runs since the takeover
   * into the kept files, and the journal lets go of them.
   */
  async #release(worker: Worker): Promise<void> {
    if (this.#engine?.worker !== worker) return;
    const answer = await this.#request(worker, { type: 'release', id: ++this.#nextId });
    if (answer.type !== 'released' || this.#engine?.worker !== worker) return;
    this.#saving = answer.saving;
    this.#emit('saving', answer.saving);
    const saved = this.#saved([]);
    if (saved.length > 0) this.#emit('persisted', saved);
  }

  /**
   * With the database kept, a run that leaves no transaction open was saved before its answer came:
   * the journal keeps only what the saved files cannot hold. Returns the runs now kept.
   */
  #saved(undone: Source[]): Source[] {
    if (!this.#saving.kept || this.#saving.catchingUp || this.#transaction.open) return [];
    const { kept, saved } = savedJournal(this.#journal, undone);
    this.#journal = kept;
    return saved;
  }

  #replayable(): Entry[] {
    return this.#journal.filter((entry) => entry.matters);
  }

  /**
   * A new engine in the old one's place: the kept database (as after the last finished run) plus
   * what it cannot hold, or, when nothing is kept, the lesson's start with the journal replayed.
   * The restore can be cancelled.
   */
  async #recover(): Promise<Recovery> {
    const started = performance.now();
    const fromSaved = this.#saving.kept;
    const replay = this.#replayable();
    const skipped = this.#journal.length - replay.length;
    // Temporary tables are the session's: replaying the journal brings them back, a kept database does not.
    const lost = fromSaved && this.#temporary.length > 0 ? [lostTemporary(this.#temporary)] : [];
    this.#temporary = fromSaved ? [] : this.#temporary;
    const abandon = new Promise<'cancelled'>((resolve) => {
      this.#stop = resolve;
    });
    const restored = this.#replace('recovering', replay, { role: 'replacement', cause: 'restart' });
    const first = await Promise.race([restored.then(() => 'done' as const), abandon]);
    this.#stop = undefined;
    const ms = () => performance.now() - started;
    if (first === 'done') {
      const problems = (await restored).map(({ index, message }) => {
        const source = replay[index]?.source;
        return `${source ? describeSource(source) : `Statement ${index + 1}`}: ${message}`;
      });
      const base = { ms: ms(), skipped, abandoned: false, dropped: 0, fromSaved };
      return { ...base, restored: replay.length, problems: [...lost, ...problems] };
    }
    const undone = unique(this.#journal.map((entry) => entry.source));
    this.#journal = [];
    this.#setTransaction({ open: false }, []);
    // Without the replay: the kept database as it is, or the lesson's start when nothing is kept.
    await this.#replace('starting', [], { role: 'replacement', cause: 'restart' });
    this.#emit('undone', undone, 'Restoring them was cancelled.');
    const dropped = replay.length;
    return { ms: ms(), restored: 0, skipped, problems: lost, abandoned: true, dropped, fromSaved };
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Terminates the current engine and puts the spare, or a new engine, in its place. Resolves with
   * the replay's problems; on failure the client is broken, with a message saying what to do.
   */
  async #replace(
    state: 'starting' | 'recovering',
    replay: JournalEntry[],
    how: { role: Exclude<Role, 'spare'>; cause: OpenedInfo['cause']; fresh?: boolean },
  ): Promise<{ index: number; message: string }[]> {
    if (this.#engine) this.#retire(this.#engine.worker, 'The engine was restarted.');
    this.#broken = undefined;
    this.#setState(state, state === 'starting' ? 'Starting PostgreSQL…' : 'Restarting PostgreSQL…');
    // After Cancel, a time limit or a crash, the new engine reads the kept files as a spare does,
    // without waiting for the stopped worker to let go of them (Chromium stops one busy in
    // WebAssembly about 2 s later), and takes them over once it has.
    let engine =
      state === 'recovering'
        ? (this.#spare ?? this.#spawn(replay, this.#saving.kept ? 'spare' : how.role))
        : this.#spawn(replay, how.role, how.fresh);
    this.#spare = undefined;
    this.#engine = engine;
    let answer = await engine.opened;
    if (this.#engine !== engine) return [];
    if (answer.type === 'opened' && engine.spare) {
      answer = await this.#promote(engine, answer);
      // The restore was stopped meanwhile, and another engine already put in its place.
      if (this.#engine !== engine) return [];
      if (answer.type !== 'opened') {
        // The spare could not take the kept database over: a new engine reads it instead.
        this.#retire(engine.worker, 'Not needed.');
        engine = this.#spawn(replay, 'replacement');
        this.#engine = engine;
        answer = await engine.opened;
        if (this.#engine !== engine) return [];
      }
    }
    if (answer.type !== 'opened') {
      const why = 'message' in answer ? answer.message : 'it stopped answering';
      this.#broken = `PostgreSQL could not start: ${why}. Reload the page to try again; if that does not help, the site's engine files may be missing or blocked.`;
      this.#setState('broken', this.#broken);
      return [];
    }
    this.#saving = answer.saving;
    this.#emit('opened', {
      saving: answer.saving,
      cause: how.cause,
      ...(answer.lost ? { lost: answer.lost } : {}),
    });
    this.#setState('ready', readyMessage(answer, how.cause));
    return answer.replayProblems;
  }

  /**
   * A spare read the kept database while the old engine ran; with the old one gone it takes the
   * files over. A spare that read nothing kept, while the page keeps its database, is no use.
   */
  async #promote(engine: Engine, opened: Extract<Answer, { type: 'opened' }>): Promise<Answer> {
    if (!this.#saving.kept) return opened;
    if (!opened.saving.kept) return { type: 'crashed', message: 'the spare did not read the kept database' };
    const answer = await this.#request(engine.worker, { type: 'promote', id: ++this.#nextId });
    if (answer.type !== 'promoted') return answer;
    return { ...opened, saving: answer.saving };
  }

  /** Starts a worker that opens the lesson's database and replays `replay`. */
  #spawn(replay: JournalEntry[], role: Role, fresh = false): Engine {
    const worker = this.#options.createWorker();
    const id = ++this.#nextId;
    let stall: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(stall);
      stall = setTimeout(
        () =>
          this.#retire(worker, `it made no progress for ${stallMs / 1000} s (a download may have stalled)`),
        stallMs,
      );
    };
    worker.onmessage = (event: MessageEvent<EngineResponse>) => {
      const message = event.data;
      if (message.type === 'progress') {
        watch();
        if (this.#engine?.worker === worker && (this.#state === 'starting' || this.#state === 'recovering')) {
          const { phase, done, total } = message;
          this.#setState(this.#state, message.message, {
            phase,
            ...(done === undefined ? {} : { done }),
            ...(total === undefined ? {} : { total }),
          });
        }
        return;
      }
      if (message.type === 'opened' || message.id === id) clearTimeout(stall);
      if (message.type === 'baseline') {
        if (this.#engine?.worker !== worker) return;
        this.#catalog = message.catalog;
        this.#emit('catalog', message.catalog);
      } else if (message.type === 'saving') {
        if (this.#engine?.worker !== worker) return;
        this.#saving = message.saving;
        this.#emit('saving', message.saving);
      } else if (message.type === 'locked') {
        if (this.#engine?.worker === worker) void this.#enqueue(() => this.#release(worker));
      } else if (message.type === 'crashed' && message.id === -1) this.#retire(worker, message.message);
      else this.#settle(message.id, message);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      clearTimeout(stall);
      this.#retire(worker, event.message || 'the engine stopped unexpectedly');
    };
    watch();
    // A spare reads the kept files only while this page keeps them: otherwise they are another tab's.
    const saved = role === 'spare' && !this.#saving.kept ? undefined : this.#options.saved;
    const opened = this.#request(worker, {
      type: 'open',
      id,
      snapshotUrl: this.#options.snapshotUrl,
      sizes: this.#options.sizes,
      cache: this.#options.cache,
      setup: this.#options.setup,
      // Only what the worker needs: sources stay on this side.
      replay: replay.map(({ sql, error }) => (error ? { sql, error } : { sql })),
      ...(this.#options.observe ? { observe: this.#options.observe } : {}),
      ...(saved ? { save: { ...saved, fresh, role } } : {}),
    });
    void opened.finally(() => clearTimeout(stall));
    return { worker, opened, spare: role === 'spare' };
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
      this.#pending.set(`${request.id}`, { worker, resolve });
      worker.postMessage(request satisfies EngineRequest);
    });
  }

  /** A second answer to request `id`, of the given type (the observation after a run). */
  #expect(worker: Worker, id: number, type: 'observed'): Promise<Answer> {
    return new Promise((resolve) => {
      this.#pending.set(`${id}:${type}`, { worker, resolve });
    });
  }

  #settle(id: number, answer: Answer) {
    const key = answer.type === 'observed' ? `${id}:observed` : `${id}`;
    this.#pending.get(key)?.resolve(answer);
    this.#pending.delete(key);
    if (answer.type === 'crashed') {
      this.#pending.get(`${id}:observed`)?.resolve(answer);
      this.#pending.delete(`${id}:observed`);
    }
  }
}

export function sameSource(a: Source, b: Source): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function unique(sources: Source[]): Source[] {
  return sources.filter((source, index) => sources.findIndex((other) => sameSource(other, source)) === index);
}

/** How the page names who ran something, in a sentence. */
export function describeSource(source: Source): string {
  switch (source.kind) {
    case 'step':
      return `Step ${source.number}`;
    case 'console':
      return 'A console statement';
    case 'panel':
      return `The ${source.version} server's "${source.action}"`;
    case 'exercise':
      return `Your SQL in exercise "${source.exercise}"`;
    case 'check':
      return 'A check';
  }
}

/** What the status says once the database is open. */
function readyMessage(
  answer: Extract<EngineResponse, { type: 'opened' }>,
  cause: OpenedInfo['cause'],
): string {
  if (answer.outdated)
    return 'Ready, but the course has been updated since this page was opened: reload the page for the new version (this lesson’s database was rebuilt from its earlier steps meanwhile)';
  if (!answer.fromSnapshot)
    return 'Ready (the lesson’s database was rebuilt from its earlier steps: its ready-made copy could not be loaded)';
  const { saving } = answer;
  if (cause === 'start' && saving.kept && saving.resumed) return 'Ready: your database, as you left it';
  return 'Ready';
}

function lostTemporary(names: string[]): string {
  const list = names.map((name) => `"${name}"`).join(', ');
  return `Temporary ${names.length === 1 ? 'table' : 'tables'} ${list} did not come back: a temporary table lasts only as long as the session, and the restart began a new one.`;
}
