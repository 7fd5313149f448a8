import type { ChangeSet, FileWrite, StorageEntry } from '@electric-sql/pglite/memfs-frontend';

/** One query's changes as the kept layers write them; see `KeptLayers.prepare`. */
export interface LayeredChanges {
  changes: ChangeSet;
  /** The whole list of removed base paths, to write before any file (a non-WAL path was added). */
  removedBefore?: string[];
  /** The same, to write after pg_control (a WAL segment was added): recovery may still need it until then. */
  removedAfter?: string[];
}

/**
 * A kept database in two layers: the lesson's start as downloaded (one archive of about 1 MB,
 * written once) and, over it, each file changed since, written whole. Writing the start file by
 * file cost a first visit some 400 files and 25 MB; now it writes one archive, and a file joins
 * the upper layer the first time PostgreSQL changes it. A removed file of the lower layer is
 * listed as removed, since the archive never changes.
 */
export class KeptLayers {
  readonly #base: Set<string>;
  readonly #upper: Set<string>;
  readonly #removed: Set<string>;

  /** `base`: every path in the archive; `upper`: the files written whole; `removed`: base paths removed. */
  constructor(base: Iterable<string>, upper: Iterable<string>, removed: Iterable<string>) {
    this.#base = new Set(base);
    this.#upper = new Set(upper);
    this.#removed = new Set(removed);
  }

  /**
   * Called as a query's changes arrive, before anything later can change the files: a partial write
   * to a file still only in the archive becomes a whole one, read now (`read` gives the file's bytes
   * as PostgreSQL left them); a removed archive path is added to the removed list.
   */
  prepare(changes: ChangeSet, read: (path: string) => Uint8Array | undefined): LayeredChanges {
    const before = this.#removed.size;
    const late: string[] = [];
    for (const op of changes.ops) {
      if (op.op !== 'remove') continue;
      for (const path of [...this.#upper]) if (within(path, op.path)) this.#upper.delete(path);
      if (!this.#inBase(op.path) || this.isRemoved(op.path)) continue;
      if (op.path.startsWith('/pg_wal/')) late.push(op.path);
      else this.#removed.add(op.path);
    }
    const early = this.#removed.size > before ? [...this.#removed] : undefined;
    for (const path of late) this.#removed.add(path);
    const whole = (file: FileWrite): FileWrite => {
      const known = this.#upper.has(file.path);
      this.#upper.add(file.path);
      if (known || file.full) return file;
      const data = read(file.path);
      if (!data) return file;
      return { path: file.path, size: data.length, full: true, truncate: true, chunks: [{ at: 0, data }] };
    };
    const { wal, data, control } = changes.files;
    return {
      changes: {
        ops: changes.ops,
        files: { wal: wal.map(whole), data: data.map(whole), control: control.map(whole) },
      },
      ...(early ? { removedBefore: early } : {}),
      ...(late.length > 0 ? { removedAfter: [...this.#removed] } : {}),
    };
  }

  /** Whether an archive path is gone: removed itself, or inside a removed directory. */
  isRemoved(path: string): boolean {
    for (let at = path; at; at = at.slice(0, at.lastIndexOf('/'))) if (this.#removed.has(at)) return true;
    return false;
  }

  #inBase(path: string): boolean {
    if (this.#base.has(path)) return true;
    for (const known of this.#base) if (within(known, path)) return true;
    return false;
  }
}

/**
 * The database's entries as the MEMFS frontend loads them: every directory of both layers (parents
 * first), then the archive's files that are neither removed nor written again, then the upper layer's.
 */
export function mergeLayers(
  base: StorageEntry[],
  upperDirs: string[],
  upperFiles: string[],
  removed: Iterable<string>,
): { dirs: StorageEntry[]; baseFiles: StorageEntry[] } {
  const layers = new KeptLayers([], [], removed);
  const upper = new Set(upperFiles);
  const dirs = new Set<string>();
  const baseFiles: StorageEntry[] = [];
  for (const entry of base) {
    if (layers.isRemoved(entry.path)) continue;
    if (entry.kind === 'dir') dirs.add(entry.path);
    else if (!upper.has(entry.path)) baseFiles.push(entry);
  }
  for (const dir of upperDirs) dirs.add(dir);
  const depth = (path: string) => path.split('/').length;
  const ordered = [...dirs].sort((a, b) => depth(a) - depth(b));
  return { dirs: ordered.map((path) => ({ kind: 'dir', path })), baseFiles };
}

/** `path` is `dir` or inside it. */
function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}
