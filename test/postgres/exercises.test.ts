import { describe } from 'vitest';
import { loadCourse } from '../../src/lesson/loadCourse';
import { applyLessons } from '../support/replayCourse';
import { replayExercises } from '../support/replayExercises';
import { dropCourseRoles } from './support/roles';
import { postgresUrl, scratchDatabase } from './support/scratchDatabase';

const course = loadCourse();

describe.skipIf(!postgresUrl)('on a real PostgreSQL server', () => {
  replayExercises(
    course,
    async (lesson) => {
      const db = await scratchDatabase();
      await applyLessons(
        db.session,
        course.lessons.filter((item) => item.order <= lesson.order),
      );
      return db;
    },
    dropCourseRoles,
  );
});
