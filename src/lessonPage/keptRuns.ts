import type { KeptState } from '../client/StepController';

/** How a step's last run ended, kept beside the database it ran in. */
export interface KeptRun {
  state: KeptState;
  /** The SQL that ran: an edit since then makes the verdict stale. */
  sql: string;
  /** When it ran (ISO). */
  at: string;
}

/** The step states of one kept database: `id` names that database, so another one's are never shown. */
export interface KeptRuns {
  id: string;
  steps: Record<string, KeptRun>;
}

const states: KeptState[] = ['ok', 'failed', 'unexpected'];

function isRun(value: unknown): value is KeptRun {
  if (typeof value !== 'object' || value === null) return false;
  const run = value as Record<string, unknown>;
  return (
    states.includes(run['state'] as KeptState) &&
    typeof run['sql'] === 'string' &&
    typeof run['at'] === 'string' &&
    !Number.isNaN(Date.parse(run['at']))
  );
}

/** Reads stored step states; anything damaged or foreign reads as none (the database is still there). */
export function parseKeptRuns(raw: string | null): KeptRuns | undefined {
  if (raw === null) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const { id, steps } = value as Record<string, unknown>;
    if (typeof id !== 'string' || typeof steps !== 'object' || steps === null) return undefined;
    const entries = Object.entries(steps);
    return entries.every(([, run]) => isRun(run)) ? { id, steps: Object.fromEntries(entries) } : undefined;
  } catch {
    return undefined;
  }
}

/** The runs to show for database `id`: none when the record is another database's. */
export function runsFor(kept: KeptRuns | undefined, id: string): Record<string, KeptRun> {
  return kept?.id === id ? kept.steps : {};
}

/** The record after runs reached database `id`; a record of another database is replaced. */
export function withRuns(kept: KeptRuns | undefined, id: string, runs: Record<string, KeptRun>): KeptRuns {
  return { id, steps: { ...runsFor(kept, id), ...runs } };
}

/** The record without `steps` (undone by a rollback or a restart that could not bring them back). */
export function withoutRuns(kept: KeptRuns | undefined, steps: string[]): KeptRuns | undefined {
  if (!kept) return undefined;
  return {
    id: kept.id,
    steps: Object.fromEntries(Object.entries(kept.steps).filter(([step]) => !steps.includes(step))),
  };
}
