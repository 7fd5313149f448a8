import { run } from '../../src/engine/run';
import type { Session } from '../../src/engine/types';
import type { Course, Lesson, Step } from '../../src/lesson/types';
import { tables, triggers } from './catalog';
import { classify } from './invariants';

/**
 * Consecutive steps that commit together: one step, or every step from the one that leaves a
 * transaction open to the one that closes it. Another session sees a unit all at once or not at all.
 */
export interface Unit {
  lesson: Lesson;
  steps: Step[];
  /** The lesson's steps that run before the unit. */
  before: Step[];
  /** The lesson's steps that run after it: an online migration finishes its backfill there. */
  after: Step[];
  /** Write tables that existed before the unit and gained a feed trigger in it. */
  attaches: string[];
}

/**
 * Runs a lesson on `session` (already at the lesson's start) and splits it into units, noting for
 * each which existing write tables it attaches new feed triggers to.
 */
export async function discoverUnits(session: Session, course: Course, lesson: Lesson): Promise<Unit[]> {
  const units: Unit[] = [];
  let current: Step[] = [];
  let writeBefore: string[] = [];
  let triggersBefore = new Set<string>();
  for (const [index, step] of lesson.steps.entries()) {
    if (current.length === 0) {
      writeBefore = classify(await tables(session), course.readModels).write.map((table) => table.name);
      triggersBefore = new Set((await triggers(session)).map((pair) => pair.join('.')));
    }
    current.push(step);
    const result = await run(session, step.sql);
    if (result.transaction === 'open') continue;
    const added = (await triggers(session)).filter(
      ([table = '', name = '']) => !triggersBefore.has(`${table}.${name}`) && name.startsWith('feed_'),
    );
    const attaches = [...new Set(added.map(([table = '']) => table))].filter((t) => writeBefore.includes(t));
    units.push({
      lesson,
      steps: current,
      before: lesson.steps.slice(0, index + 1 - current.length),
      after: lesson.steps.slice(index + 1),
      attaches,
    });
    current = [];
  }
  return units;
}
