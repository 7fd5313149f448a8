/// <reference lib="webworker" />
import type { ChangeSet, StorageBackend, StorageEntry } from '@electric-sql/pglite/memfs-frontend';
import {
  applyChanges,
  baseFile,
  describeStorageError,
  fingerprint,
  listTree,
  readBase,
  readFiles,
  readRemoved,
  writeWhole,
} from './keptDirectory';
import { KeptLayers, type LayeredChanges, mergeLayers } from './keptLayers';
import { tarEntries } from './tarEntries';

/**
 * Keeps a learner's data directory in the origin private file system, written after every query
 * (PGlite's MEMFS frontend says what each query changed), in two layers: the lesson's start as one
 * archive, and the files changed since (`KeptLayers`). Unlike PGlite's own OPFS backend it keeps no
 * file open between writes: a spare engine may read the files while another engine runs a long
 * statement, since no query's writes reach here before it has finished. A spare holds its own writes
 * (its start-up's crash recovery) until it takes over.
 *
 * Writing never fails a query: when the file system refuses (storage full, taken away), saving stops,
 * `stopped` says why, and the database carries on in memory.
 */
export class SavedStore implements StorageBackend {
  readonly #home: FileSystemDirectoryHandle;
  readonly #dir: FileSystemDirectoryHandle;
  readonly #stopped: (why: string) => void;
  #held: LayeredChanges[] | undefined;
  #failed: string | undefined;
  #layers = new KeptLayers([], [], []);
  /** The archive's entries, once read or adopted: loaded under the changed files. */
  #base: StorageEntry[] | undefined;
  /** Writes in order: a release and the next query's changes never interleave. */
  #writing: Promise<void> = Promise.resolve();
  /** For a spare: the kept files as they were when it began to read them (see `unchanged`). */
  #seen: string | undefined;
  /** A file's bytes as PostgreSQL has them now; set by the file system the store is under. */
  read: (path: string) => Uint8Array | undefined = () => undefined;

  /** `home` holds the archive and the removed list; `dir` the changed files. */
  constructor(
    home: FileSystemDirectoryHandle,
    dir: FileSystemDirectoryHandle,
    options: { hold: boolean; stopped: (why: string) => void },
  ) {
    this.#home = home;
    this.#dir = dir;
    this.#stopped = options.stopped;
    this.#held = options.hold ? [] : undefined;
  }

  /** Why saving stopped, once it has. */
  get failed(): string | undefined {
    return this.#failed;
  }

  /**
   * Starts a new kept database from the lesson's start: the archive is written as it is, one file,
   * and PostgreSQL opens it as an existing database. Throws if it cannot be read or written.
   */
  async adopt(snapshot: Blob): Promise<void> {
    try {
      const entries = await tarEntries(snapshot);
      await writeWhole(this.#home, baseFile, new Uint8Array(await snapshot.arrayBuffer()));
      this.#base = entries;
    } catch (error) {
      await this.#home.removeEntry(baseFile).catch(() => undefined);
      throw error;
    }
  }

  async init(): Promise<void> {}

  async *load(): AsyncIterable<StorageEntry> {
    if (this.#held) this.#seen = await fingerprint(this.#home);
    this.#base ??= await readBase(this.#home);
    const removed = await readRemoved(this.#home);
    const upper = await listTree(this.#dir);
    const base = this.#base ?? [];
    const { dirs, baseFiles } = mergeLayers(
      base,
      upper.dirs.map((dir) => dir.path),
      upper.files.map((file) => file.path),
      removed,
    );
    this.#layers = new KeptLayers(
      base.map((entry) => entry.path),
      upper.files.map((file) => file.path),
      removed,
    );
    // The archive's bytes are handed over: the engine owns them from here.
    this.#base = undefined;
    yield* dirs;
    yield* baseFiles;
    yield* readFiles(upper.files);
    // A spare reads while another engine runs: if that one wrote meanwhile, what was read may mix
    // before and after, which crash recovery cannot always mend. Then a replacement reads instead.
    if (this.#seen !== undefined && !(await this.unchanged())) {
      throw new Error('the kept files changed while they were being read');
    }
  }

  apply(changes: ChangeSet): Promise<void> {
    const layered = this.#layers.prepare(changes, this.read);
    if (this.#held) {
      this.#held.push(layered);
      return Promise.resolve();
    }
    return this.#write([layered]);
  }

  /**
   * Whether the kept files are still as this spare began to read them. A spare reads them while
   * another engine runs a long statement; if that engine was writing when it was stopped, the spare
   * read, or now holds, a view the files no longer match, and must not write on top of them.
   */
  async unchanged(): Promise<boolean> {
    return this.#seen === undefined || this.#seen === (await fingerprint(this.#home));
  }

  /** Writes what was held and everything from now on: this engine now owns the saved files. */
  release(): Promise<void> {
    const held = this.#held ?? [];
    this.#held = undefined;
    return this.#write(held);
  }

  /** Drops what was held and writes nothing more: the files are another engine's. */
  abandon(): void {
    this.#held = undefined;
    this.#failed ??= 'another engine has the saved files';
  }

  async close(): Promise<void> {
    await this.#writing;
  }

  #write(sets: LayeredChanges[]): Promise<void> {
    this.#writing = this.#writing.then(async () => {
      if (this.#failed) return;
      try {
        for (const changes of sets) await applyChanges(this.#home, this.#dir, changes);
      } catch (error) {
        this.#failed = describeStorageError(error);
        this.#stopped(this.#failed);
      }
    });
    return this.#writing;
  }
}
