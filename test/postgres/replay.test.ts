import { describe } from 'vitest';
import { loadCourse } from '../../src/lesson/loadCourse';
import { replayCourse } from '../support/replayCourse';
import { postgresUrl, scratchDatabase } from './support/scratchDatabase';

describe.skipIf(!postgresUrl)('on a real PostgreSQL server', () => {
  replayCourse(loadCourse(), scratchDatabase);
});
