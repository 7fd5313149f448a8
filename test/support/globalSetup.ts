import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tar of an empty, freshly initialised PGlite data directory. */
    baseDataDir: string;
  }
}

/** Runs initdb once for the whole suite; every test database starts from its dump. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'cqrs-test-'));
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  await db.close();
  const file = join(dir, 'base.tar');
  writeFileSync(file, new Uint8Array(await dump.arrayBuffer()));
  project.provide('baseDataDir', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
