import { describe, expect, test } from 'vitest';
import { loadCourse } from '../../src/lesson/loadCourse';
import type { Exercise, Lesson } from '../../src/lesson/types';
import { pgliteAt } from './pgliteAt';
import { verdicts } from './replayExercises';
import { mutantsOf } from './sqlMutants';

const course = loadCourse();

/** Each mutant's fate: the checks it fails (rejected), or none (it survived). */
async function tryMutants(lesson: Lesson, exercise: Exercise) {
  const fates: { name: string; failed: string[] }[] = [];
  for (const mutant of mutantsOf(exercise.solution)) {
    const db = await pgliteAt(course, lesson);
    try {
      const { passed } = await verdicts(db.session, exercise, mutant.sql);
      fates.push({ name: mutant.name, failed: Object.keys(passed).filter((id) => !passed[id]) });
    } finally {
      await db.close();
    }
  }
  return fates;
}

/**
 * The mutation test of every exercise's reference solution, split into `parts` about equally
 * heavy (by number of mutants) so that the test files run side by side; this is part `part`.
 */
export function describeMutants(part: number, parts: number): void {
  const all = course.lessons
    .flatMap((lesson) => lesson.exercises.map((exercise) => ({ id: exercise.id, lesson, exercise })))
    .map((item) => ({ ...item, weight: mutantsOf(item.exercise.solution).length }))
    .sort((a, b) => b.weight - a.weight);
  const loads = new Array<number>(parts).fill(0);
  const mine = all.filter((item) => {
    const lightest = loads.indexOf(Math.min(...loads));
    loads[lightest] = (loads[lightest] ?? 0) + item.weight;
    return lightest === part - 1;
  });

  describe.each(mine)('mutants of the reference solution of "$id"', ({ lesson, exercise }) => {
    test('are each rejected by a check, or listed as equivalent with a reason; every check rejects something', async () => {
      const fates = await tryMutants(lesson, exercise);
      const listed = new Map(exercise.equivalent.map((item) => [item.mutant, item.reason]));
      const survivors = fates.filter((fate) => fate.failed.length === 0).map((fate) => fate.name);
      const killed = fates.length - survivors.length;
      const equivalent = survivors.filter((name) => listed.has(name)).length;
      const judged = fates.length - equivalent;
      console.log(
        `${exercise.id}: ${fates.length} mutants, ${killed} rejected, ${equivalent} listed as equivalent,` +
          ` ${survivors.length - equivalent} surviving: mutation score ${judged ? Math.round((100 * killed) / judged) : 100}%`,
      );
      expect(survivors.filter((name) => !listed.has(name))).toEqual([]);
      // A listed mutant that is now rejected, or no longer made, is a stale entry.
      expect([...listed.keys()].filter((name) => !survivors.includes(name))).toEqual([]);
      const failing = new Set([
        ...fates.flatMap((fate) => fate.failed),
        ...exercise.wrong.flatMap((wrong) => wrong.fails),
      ]);
      expect(exercise.checks.map((check) => check.id).filter((id) => !failing.has(id))).toEqual([]);
    }, 600_000);
  });
}
