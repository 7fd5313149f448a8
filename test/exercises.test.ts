import { loadCourse } from '../src/lesson/loadCourse';
import { freshDatabase } from './support/freshDatabase';
import { replayExercises } from './support/replayExercises';

replayExercises(loadCourse(), async () => {
  const { db, session } = await freshDatabase();
  return { session, close: () => db.close() };
});
