import type { EngineData } from '../client/createEngine';
import { engineCache } from '../engine/engineFiles';
import type { Lesson } from '../lesson/types';
import { course, runnableLessons } from './course';
import { engineSizes } from './engineSizes';
import { snapshotName, snapshotSize, stateVersion } from './snapshots';
import { url } from './url';

/** Everything a page needs to open `lesson`'s database, computed at build time. */
export function engineData(lesson: Lesson): EngineData {
  const at = runnableLessons.indexOf(lesson);
  // The next lessons first, then the earlier ones: the order a learner most likely opens them.
  const others = [...runnableLessons.slice(at + 1), ...runnableLessons.slice(0, Math.max(at, 0))];
  return {
    snapshotUrl: url(`engine/${snapshotName(lesson)}.tar.gz`),
    otherSnapshotUrls: others.map((other) => url(`engine/${snapshotName(other)}.tar.gz`)),
    setup: course.lessons
      .filter((item) => item.order < lesson.order)
      .flatMap((item) => item.steps.map((step) => step.sql)),
    sizes: { ...engineSizes, snapshot: snapshotSize(lesson) },
    cache: engineCache(__BUILD_ID__),
    saved: { name: lesson.slug, version: stateVersion(lesson) },
  };
}
