import type { Activity } from '../diagram/model';
import type { Outcome } from '../engine/execute';
import type { Observed } from './EngineClient';

/** What a run did, as the diagram highlights it. */
export function activityOf(outcome: Outcome, observed: Observed): Activity {
  const { result, failedIn } = outcome;
  const { changes, fired } = observed.observation;
  return {
    changes,
    fired,
    failedIn,
    before: observed.before,
    ...(result.ok || !result.error.table ? {} : { errorTable: result.error.table }),
  };
}
