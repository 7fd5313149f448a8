import { PGlite } from '@electric-sql/pglite';
import type { APIRoute, GetStaticPaths } from 'astro';
import { buildStageSnapshots } from '../../engine/stageSnapshots';
import { course, runnableLessonPaths } from '../../site/course';

/** Built once per build, in one pass over the course, and shared by every lesson's route. */
let snapshots: ReturnType<typeof buildStageSnapshots> | undefined;

export const getStaticPaths = runnableLessonPaths satisfies GetStaticPaths;

/** The database at the start of a lesson, so the page need not run initdb or replay earlier lessons. */
export const GET: APIRoute = async ({ params }) => {
  snapshots ??= buildStageSnapshots(course, (options) => PGlite.create(options));
  const snapshot = (await snapshots).get(params['slug'] ?? '');
  if (!snapshot) throw new Error(`no snapshot for lesson ${params['slug']}`);
  return new Response(await snapshot.arrayBuffer(), { headers: { 'Content-Type': 'application/gzip' } });
};
