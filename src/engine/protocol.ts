import type { Catalog } from './catalog';
import type { ExerciseCheck } from './checkExercise';
import type { Outcome } from './execute';
import type { ScaleResult } from './measureMigration';
import type { Observation } from './Observer';
import type { SaveRequest, Saving } from './savedDatabase';

/** Something the learner ran, kept so that a new engine can be brought to the same state. */
export interface JournalEntry {
  sql: string;
  /** The SQLSTATE it failed with the first time, if it failed. */
  error?: string;
}

/** Messages from the page to the engine worker. Every request carries an id its answer repeats. */
export type EngineRequest =
  | {
      type: 'open';
      id: number;
      /** A dumped data directory at the lesson's start; initdb and `setup` run if it cannot be had. */
      snapshotUrl: string;
      /** Sizes of PostgreSQL's files and the snapshot as served, for the download progress. */
      sizes: { wasm: number; data: number; snapshot: number };
      /** The Cache API store this build's engine files go in. */
      cache: string;
      /** SQL that brings a new database to the lesson's starting state: the earlier lessons' steps. */
      setup: string[];
      /** The learner's own statements since the lesson's start, replayed after the setup. */
      replay: JournalEntry[];
      /** `full` compares every table after every run (the benchmark's baseline). */
      observe?: 'counters' | 'full';
      /** Keep the database between visits; without it, it lives in memory only. */
      save?: SaveRequest;
    }
  | { type: 'run'; id: number; sql: string }
  /** A spare engine takes over the kept database (the engine it replaces has been terminated). */
  | { type: 'promote'; id: number }
  /**
   * After `locked`: write what the spare held. The page sends it between its own requests, so no
   * run is under way, and none can be stopped, while the kept files are being brought up to date.
   */
  | { type: 'release'; id: number }
  /**
   * Checks the learner's SQL for an exercise on a new database of its own, at the exercise's start
   * (the lesson's starting state, then `steps`): the learner's database is not touched.
   */
  | { type: 'check'; id: number; exercise: ExerciseToCheck }
  /**
   * The scale demo: on a copy of the database at the lesson's start filled with `users` users
   * (`fill` in chunks), each migration measured in turn; the learner's database is not touched.
   */
  | {
      type: 'scale';
      id: number;
      users: number;
      fill: string;
      migrations: { locked: string[]; online: string[] };
    };

/** What checking an exercise needs: the steps it starts after, history to add, the SQL and the checks. */
export interface ExerciseToCheck {
  /** The lesson's steps, as the lesson writes them. */
  steps: string[];
  /** The exercise's setup: history that exposes mistakes, added before the learner's SQL. */
  setup: string;
  /** The learner's SQL, run as psql runs a script. */
  sql: string;
  checks: { sql: string }[];
}

/** What the worker is doing while it opens a database. */
export type OpenPhase = 'download' | 'start' | 'setup' | 'replay';

/** Messages from the engine worker to the page. */
export type EngineResponse =
  | {
      type: 'progress';
      id: number;
      phase: OpenPhase;
      message: string;
      /** Bytes downloaded and expected (download), or statements done and to do (setup, replay). */
      done?: number;
      total?: number;
    }
  | {
      type: 'opened';
      id: number;
      ms: number;
      fromSnapshot: boolean;
      /** Replayed statements that did not do what they did the first time, with PostgreSQL's words. */
      replayProblems: { index: number; message: string }[];
      /** Whether the database is kept between visits, and since when, or why not. */
      saving: Saving;
      /** A kept database that could not be opened, and was started afresh: why. */
      lost?: string;
      /** The server no longer has this page's lesson snapshot: the course was updated since the page opened. */
      outdated?: boolean;
    }
  | { type: 'promoted'; id: number; saving: Saving }
  /** A promoted spare has the lock the stopped engine held (or, false, could not get it). */
  | { type: 'locked'; id: number }
  | { type: 'released'; id: number; saving: Saving }
  /** Saving stopped (storage full, say): the database carries on in memory. */
  | { type: 'saving'; id: number; saving: Saving }
  /** The schema at the start, right after `opened`: what the diagram and completion start from. */
  | { type: 'baseline'; id: number; catalog: Catalog }
  /** The result, as soon as PostgreSQL has answered. */
  | { type: 'ran'; id: number; outcome: Outcome }
  /** What that run changed and which triggers fired; always follows `ran`, before any other answer. */
  | {
      type: 'observed';
      id: number;
      observation: Observation;
      /** Temporary tables the session has now: a restart cannot bring them back. */
      temporary: string[];
    }
  | { type: 'checked'; id: number; check: ExerciseCheck }
  /** How far the scale demo has got: users filled, or which migration is running. */
  | {
      type: 'scaling';
      id: number;
      variant: 'locked' | 'online';
      done: number;
      total: number;
      message: string;
    }
  | { type: 'scaled'; id: number; results: ScaleResult[] }
  /** The engine is broken (WASM crash, internal error): it must be replaced, not used again. */
  | { type: 'crashed'; id: number; message: string }
  | { type: 'failed'; id: number; message: string };
