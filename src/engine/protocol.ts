import type { Catalog } from './catalog';
import type { Outcome } from './execute';

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
      /** SQL that brings a new database to the lesson's starting state: the earlier lessons' steps. */
      setup: string[];
      /** The learner's own statements since the lesson's start, replayed after the setup. */
      replay: JournalEntry[];
    }
  | { type: 'run'; id: number; sql: string };

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
      catalog: Catalog;
      /** Replayed statements that did not do what they did the first time, with PostgreSQL's words. */
      replayProblems: { index: number; message: string }[];
    }
  | { type: 'ran'; id: number; outcome: Outcome }
  /** The engine is broken (WASM crash, internal error): it must be replaced, not used again. */
  | { type: 'crashed'; id: number; message: string }
  | { type: 'failed'; id: number; message: string };
