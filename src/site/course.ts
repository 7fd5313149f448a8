import { loadCourse } from '../lesson/loadCourse';

/** The course, read once per build and shared by every page. */
export const course = loadCourse();

/** The lessons with steps to run: every one has a database, a snapshot and a presentation. */
export const runnableLessons = course.lessons.filter((lesson) => lesson.steps.length > 0);

/** One page per runnable lesson, its slug in the path and the lesson as a prop. */
export const runnableLessonPaths = () =>
  runnableLessons.map((lesson) => ({ params: { slug: lesson.slug }, props: { lesson } }));
