import { describe } from 'vitest';
import { loadCourse } from '../../src/lesson/loadCourse';
import { replayExercises } from '../support/replayExercises';
import { dropCourseRoles } from './support/roles';
import { postgresUrl, scratchDatabase } from './support/scratchDatabase';

describe.skipIf(!postgresUrl)('on a real PostgreSQL server', () => {
  replayExercises(loadCourse(), scratchDatabase, dropCourseRoles);
});
