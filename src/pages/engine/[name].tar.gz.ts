import type { APIRoute, GetStaticPaths } from 'astro';
import { runnableLessons } from '../../site/course';
import { snapshotName, snapshotNamed } from '../../site/snapshots';

export const getStaticPaths = (() =>
  runnableLessons.map((lesson) => ({ params: { name: snapshotName(lesson) } }))) satisfies GetStaticPaths;

/** The database at the start of a lesson, so the page need not run initdb or replay earlier lessons. */
export const GET: APIRoute = async ({ params }) => {
  const snapshot = snapshotNamed(params['name'] ?? '');
  if (!snapshot) throw new Error(`no snapshot named ${params['name']}`);
  return new Response(await snapshot.arrayBuffer(), { headers: { 'Content-Type': 'application/gzip' } });
};
