import { PGlite } from '@electric-sql/pglite';
import type { APIRoute } from 'astro';

/**
 * A freshly initialised data directory, made once at build time. The browser loads it instead of
 * running initdb, which takes two to three times longer (../shared/notes/pglite.md).
 */
export const GET: APIRoute = async () => {
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  return new Response(await dump.arrayBuffer(), { headers: { 'Content-Type': 'application/gzip' } });
};
