import { loadCourse } from '../../../src/lesson/loadCourse';
import type { Exercise, Lesson, Step } from '../../../src/lesson/types';

export const course = loadCourse();

/** Every lesson up to and including `slug`. */
export const upTo = (slug: string): Lesson[] => {
  const last = course.lessons.find((lesson) => lesson.slug === slug);
  if (!last) throw new Error(`no lesson ${slug}`);
  return course.lessons.filter((lesson) => lesson.order <= last.order);
};

/** Every lesson before `slug`. */
export const before = (slug: string): Lesson[] => upTo(slug).slice(0, -1);

/** A lesson's steps from `first` to `last` (or only `first`), by id. */
export const stepsOf = (slug: string, first: string, last = first): Step[] => {
  const all = course.lessons.find((lesson) => lesson.slug === slug)?.steps ?? [];
  const from = all.findIndex((step) => step.id === first);
  const to = all.findIndex((step) => step.id === last);
  if (from < 0 || to < from) throw new Error(`no steps ${first}…${last} in ${slug}`);
  return all.slice(from, to + 1);
};

/** An exercise of the course, by id, with the lesson it belongs to. */
export const exerciseOf = (id: string): { lesson: Lesson; exercise: Exercise } => {
  for (const lesson of course.lessons) {
    const exercise = lesson.exercises.find((item) => item.id === id);
    if (exercise) return { lesson, exercise };
  }
  throw new Error(`no exercise ${id}`);
};
