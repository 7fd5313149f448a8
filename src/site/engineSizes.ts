import { statSync } from 'node:fs';
import { join } from 'node:path';

const pglite = (file: string) =>
  statSync(join(process.cwd(), 'node_modules/@electric-sql/pglite/dist', file)).size;

/** Sizes of PostgreSQL's engine files, read at build time, for the download progress total. */
export const engineSizes = { wasm: pglite('pglite.wasm'), data: pglite('pglite.data') };
