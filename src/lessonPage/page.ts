import type { EngineClient, Observed } from '../client/EngineClient';
import type { SchemaStore } from '../client/editor/SchemaStore';
import type { Outcome } from '../engine/execute';
import type { LessonData } from './lessonData';

/**
 * What every part of a lesson page shares: its data, its one engine, the live schema the editors
 * complete from, and one queue so that runs from anywhere happen one after the other.
 */
export interface LessonPage {
  root: HTMLElement;
  data: LessonData;
  engine: EngineClient;
  schema: SchemaStore;
  /** Says something to screen readers. */
  announce(message: string): void;
  /** Runs `task` after everything queued before it. */
  enqueue(task: () => Promise<void>): void;
  /** The write path of one run, as a small diagram, if it took one. */
  describeRun(outcome: Outcome, observed: Observed): HTMLElement | null;
}
