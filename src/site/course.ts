import { loadCourse } from '../lesson/loadCourse';

/** The course, read once per build and shared by every page. */
export const course = loadCourse();
