import { actionSql } from '../lesson/actionSql';
import type { Course, Expectation, Lesson } from '../lesson/types';

/**
 * What a lesson shows between its steps: its race timelines and its code versions side by side.
 * In the presenter each takes the whole slide for a while (an interlude), stepped one moment or one
 * try per key press, then Esc goes back to the step.
 */
export interface InterludeData {
  /** The lesson's races in body order: the step each follows (0-based; 0 when it comes first). */
  races: { id: string; afterStep: number }[];
  /** The suggestions of the lesson's versions block, in order, as the SQL each server sends. */
  tries: VersionTry[];
}

export interface VersionTry {
  title: string;
  version: string;
  /** "v1's server, Register": who sends it. */
  sender: string;
  action: string;
  sql: string;
  expect: Expectation;
}

export type Interlude = { kind: 'race'; race: number } | { kind: 'versions' };

/** The races and tries of a lesson, read at build time. */
export function interludeData(lesson: Lesson, course: Pick<Course, 'versions'>): InterludeData {
  const races: InterludeData['races'] = [];
  let steps = 0;
  for (const block of lesson.blocks) {
    if (block.kind === 'step') steps++;
    if (block.kind === 'race') races.push({ id: block.id, afterStep: Math.max(0, steps - 1) });
  }
  const tries = (lesson.versions?.scenarios ?? []).flatMap((scenario) => {
    const version = course.versions[scenario.version];
    const action = version?.actions.find((item) => item.id === scenario.action);
    if (!version || !action) return [];
    return [
      {
        title: scenario.title,
        version: version.id,
        sender: `${version.title}, ${action.label}`,
        action: action.id,
        sql: actionSql(action, scenario.values),
        expect: scenario.expect,
      },
    ];
  });
  return { races, tries };
}

/**
 * T: with no race on screen, the race nearest before the step on screen (else the lesson's first);
 * with one on screen, the next; after the last, back to the step (null).
 */
export function nextRace(
  races: { afterStep: number }[],
  open: Interlude | null,
  stepIndex: number,
): Interlude | null {
  if (races.length === 0) return null;
  if (open?.kind === 'race')
    return open.race + 1 < races.length ? { kind: 'race', race: open.race + 1 } : null;
  let nearest = 0;
  races.forEach((race, index) => {
    if (race.afterStep <= stepIndex) nearest = index;
  });
  return { kind: 'race', race: nearest };
}
