import type { Outcome } from './execute';

/** Messages from the page to the engine worker. Every request carries an id its answer repeats. */
export type EngineRequest =
  | {
      type: 'open';
      id: number;
      /** URL of a dumped data directory to start from; initdb runs if it cannot be loaded. */
      dataDirUrl: string;
      /** SQL that brings the database to the lesson's starting state, run in order. */
      setup: string[];
    }
  | { type: 'run'; id: number; sql: string; maxRows: number; trackChanges: boolean }
  | { type: 'schema'; id: number };

/** Messages from the engine worker to the page. */
export type EngineResponse =
  | { type: 'progress'; id: number; message: string }
  | { type: 'opened'; id: number; ms: number; fromDump: boolean }
  | { type: 'ran'; id: number; outcome: Outcome }
  | { type: 'schema'; id: number; tables: Record<string, string[]> }
  | { type: 'failed'; id: number; message: string };
