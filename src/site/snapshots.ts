import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { buildStageSnapshots } from '../engine/stageSnapshots';
import type { Lesson } from '../lesson/types';
import { course } from './course';

/** Every runnable lesson's starting state, built once per build in one pass over the course. */
const snapshots = await buildStageSnapshots(course, (options) => PGlite.create(options));

const pgliteVersion = (
  JSON.parse(readFileSync(join(process.cwd(), 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
    version: string;
  }
).version;

/**
 * Names a lesson's starting state by what makes it: the engine's version and every earlier step's
 * SQL. A kept database of another version is not resumed, and a page open across a deploy asks for
 * its own snapshot, not the new one.
 */
export function stateVersion(lesson: Lesson): string {
  const earlier = course.lessons.filter((item) => item.order < lesson.order).flatMap((item) => item.steps);
  return createHash('sha256')
    .update(JSON.stringify([pgliteVersion, earlier.map((step) => step.sql)]))
    .digest('hex')
    .slice(0, 16);
}

/** The snapshot's file name under engine/, without `.tar.gz`. */
export const snapshotName = (lesson: Lesson) => `${lesson.slug}-${stateVersion(lesson)}`;

/** A lesson's snapshot, gzipped, by its file name. */
export function snapshotNamed(name: string): Blob | undefined {
  const lesson = course.lessons.find((item) => snapshotName(item) === name);
  return lesson ? snapshots.get(lesson.slug) : undefined;
}

/** The snapshot's size as served, for the download progress. */
export function snapshotSize(lesson: Lesson): number {
  return snapshots.get(lesson.slug)?.size ?? 0;
}
