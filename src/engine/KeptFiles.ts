import { PGlite } from '@electric-sql/pglite';
import { MemfsFrontendFS } from '@electric-sql/pglite/memfs-frontend';
import type { SavedStore } from './savedStore';

/**
 * PGlite's MEMFS frontend over the kept files, which also lets the store read a file as PostgreSQL
 * has it: the first change to a file of the lesson's start writes it whole (see KeptLayers).
 */
export class KeptFiles extends MemfsFrontendFS {
  constructor(store: SavedStore) {
    super(store);
    store.read = (path) => {
      const fs = this.pg?.Module.FS as { readFile(path: string): Uint8Array } | undefined;
      return fs?.readFile(PGlite.paths.PGDATA + path);
    };
  }
}
