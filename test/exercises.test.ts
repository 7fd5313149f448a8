import { loadCourse } from '../src/lesson/loadCourse';
import { pgliteAt } from './support/pgliteAt';
import { replayExercises } from './support/replayExercises';

const course = loadCourse();
replayExercises(course, (lesson) => pgliteAt(course, lesson));
