import { loadCourse } from '../src/lesson/loadCourse';
import { freshDatabase } from './support/freshDatabase';
import { replayCourse } from './support/replayCourse';

replayCourse(loadCourse(), async () => {
  const { db, session } = await freshDatabase();
  return { session, close: () => db.close() };
});
