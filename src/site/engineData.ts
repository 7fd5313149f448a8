import type { EngineData } from '../client/createEngine';
import { engineCache } from '../engine/engineFiles';
import type { Lesson } from '../lesson/types';
import { course, runnableLessons } from './course';
import { engineSizes } from './engineSizes';
import { url } from './url';

/** Everything a page needs to open `lesson`'s database, computed at build time. */
export function engineData(lesson: Lesson): EngineData {
  const runnable = runnableLessons;
  const next = runnable[runnable.indexOf(lesson) + 1];
  return {
    snapshotUrl: url(`engine/${lesson.slug}.tar.gz`),
    ...(next ? { nextSnapshotUrl: url(`engine/${next.slug}.tar.gz`) } : {}),
    setup: course.lessons
      .filter((item) => item.order < lesson.order)
      .flatMap((item) => item.steps.map((step) => step.sql)),
    sizes: engineSizes,
    cache: engineCache(__BUILD_ID__),
  };
}
