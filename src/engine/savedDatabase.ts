/// <reference lib="webworker" />
import { KeptFiles } from './KeptFiles';
import { canReplaceByMove, describeStorageError, removeKept, writeWhole } from './keptDirectory';
import { SavedStore } from './savedStore';

/** What the page asks for: keep this lesson's database between visits, under `name`. */
export interface SaveRequest {
  /** One saved database per lesson: its slug. */
  name: string;
  /** The lesson's starting state (a hash of it): a saved database of another version is not resumed. */
  version: string;
  /** Start from the lesson's start even if there is a saved database (Reset). */
  fresh: boolean;
  /**
   * `first`: the page's first engine, which gives way to another tab that has the database, after
   *   waiting `firstWaitMs` for an engine of the page it reloads to let go;
   * `replacement`: an engine replacing one just terminated, which waits for it to let go;
   * `spare`: one made ready during a long run, which reads but writes nothing until it takes over.
   */
  role: 'first' | 'replacement' | 'spare';
}

/** Whether this engine's database is kept, and if not, why not, in the learner's words. */
export type Saving =
  | {
      kept: true;
      resumed: boolean;
      id: string;
      since: string;
      /**
       * A spare that has taken over serves at once, but the kept files lag behind until the engine
       * it replaced has let go and it has written what it held: runs meanwhile are not in them yet.
       */
      catchingUp?: true;
    }
  | { kept: false; why: string };

/** Marks a complete saved database: written once the first full copy is down, removed if a write fails. */
interface Marker {
  version: string;
  /** Changes whenever the database starts afresh: the page's record of step states names it. */
  id: string;
  /** When this database started (ISO). */
  since: string;
}

const markerFile = 'saved.json';
/**
 * How long a page's first engine waits for the lesson's lock. A reload just after a Cancel finds
 * it held by the stopped engine, which Chromium stops about 2 s later if it was busy; another tab
 * with the lesson open holds it for good, and this page then works in memory.
 */
const firstWaitMs = 3000;
/**
 * Where kept databases are, one directory per lesson. A page from before the archive layer (still
 * open across a deploy) reads only `olderRoot`, so it never meets an archive it cannot read.
 */
const keptRoot = 'cqrs-kept';
const olderRoot = 'cqrs-databases';
const dataDir = 'pgdata';

/** A saved database prepared for PGlite: its file system, and what to do once PostgreSQL is up. */
export interface Prepared {
  fs: KeptFiles;
  /** True when the file system already holds the database (no snapshot needed). */
  resume: boolean;
  /**
   * Starts a new kept database from the lesson's start, kept as the one archive it came in: then the
   * file system holds the database, to open as it is. False when it cannot be read or written.
   */
  adopt(snapshot: Blob): Promise<boolean>;
  /** Call once the database is open and written: marks it complete. */
  opened(): Promise<Saving>;
  /** A spare taking over; see `TakeOver`. */
  takeOver(): TakeOver;
}

/**
 * A spare takes over at once, holding its writes: Chromium frees a terminated worker's lock only
 * once it has stopped, and one busy in WebAssembly is stopped about two seconds later. `locked`
 * says whether the lock came; `write` then writes what was held, or gives up saving if it did not.
 */
export interface TakeOver {
  saving: Saving;
  locked: Promise<boolean>;
  write(locked: boolean): Promise<Saving>;
}

/** The lesson's place in the origin private file system, this worker's while it lives. */
export interface SavedHome {
  /**
   * The database to open: the saved one if it is of this version and `fresh` is false, otherwise
   * an empty one the snapshot goes into. A spare gets undefined when there is nothing saved.
   */
  prepare(fresh: boolean): Promise<Prepared | undefined>;
}

/**
 * Claims the lesson's saved database, or says why there is none: the browser cannot keep one, or
 * another tab has it (one tab at a time writes a lesson's database, held by a Web Lock for the
 * worker's life). `stopped` is told if saving stops later.
 */
export async function claimSaved(
  request: SaveRequest,
  stopped: (why: string) => void,
): Promise<SavedHome | { kept: false; why: string }> {
  const storage = navigator.storage as StorageManager | undefined;
  const canSync =
    typeof FileSystemFileHandle !== 'undefined' && 'createSyncAccessHandle' in FileSystemFileHandle.prototype;
  if (!storage?.getDirectory || !canSync || !navigator.locks) {
    return { kept: false, why: 'this browser cannot keep a database between visits' };
  }
  const lockName = `cqrs-database:${request.name}`;
  const hold = request.role === 'spare';
  if (!hold && !(await takeLock(lockName, request.role === 'first' ? firstWaitMs : 5000))) {
    return { kept: false, why: 'this lesson is open in another tab, which keeps its database' };
  }
  let kept: FileSystemDirectoryHandle;
  let older: Awaited<ReturnType<typeof lessonHomes>>['older'];
  try {
    ({ kept, older } = await lessonHomes(storage, request.name));
  } catch (error) {
    return { kept: false, why: describeStorageError(error) };
  }
  if (!(await canReplaceByMove(kept))) {
    return { kept: false, why: 'this browser cannot keep a database between visits' };
  }
  return {
    async prepare(fresh) {
      let home = kept;
      let marker = await readMarker(home);
      if (!fresh && marker?.version !== request.version && older) {
        // Kept before the archive layer existed: all its files are an upper layer, read as they are.
        const before = await readMarker(older.home);
        if (before?.version === request.version) {
          home = older.home;
          marker = before;
        }
      }
      const resume = !fresh && marker?.version === request.version;
      if (!resume) {
        if (hold) return undefined;
        await removeMarker(home);
        await removeKept(home, dataDir);
        // With the lesson's lock held, no older page is using it: a new start replaces it for good.
        if (older) await older.root.removeEntry(request.name, { recursive: true }).catch(() => undefined);
        older = undefined;
      }
      const store = new SavedStore(home, await home.getDirectoryHandle(dataDir, { create: true }), {
        hold,
        stopped: (why) => {
          void removeMarker(home);
          stopped(why);
        },
      });
      const current = resume && marker ? marker : newMarker(request.version);
      const saving = (): Saving =>
        store.failed
          ? { kept: false, why: `saving stopped: ${store.failed}` }
          : { kept: true, resumed: resume, id: current.id, since: current.since };
      return {
        fs: new KeptFiles(store),
        resume,
        async adopt(snapshot) {
          try {
            await store.adopt(snapshot);
            return true;
          } catch {
            return false;
          }
        },
        async opened() {
          if (!resume && !store.failed) await writeMarker(home, current);
          return saving();
        },
        takeOver: () => takeOverOf(store, home, lockName, saving),
      };
    },
  };
}

/** The lesson's directory, and the one an older build kept it in, if there is one. */
async function lessonHomes(storage: StorageManager, name: string) {
  const top = await storage.getDirectory();
  const kept = await (await top.getDirectoryHandle(keptRoot, { create: true })).getDirectoryHandle(name, {
    create: true,
  });
  const root = await top.getDirectoryHandle(olderRoot).catch(() => undefined);
  const lesson = await root?.getDirectoryHandle(name).catch(() => undefined);
  const older: { root: FileSystemDirectoryHandle; home: FileSystemDirectoryHandle } | undefined =
    root && lesson ? { root, home: lesson } : undefined;
  return { kept, older };
}

/** A spare's takeover of the kept files in `home`; see `TakeOver`. */
function takeOverOf(
  store: SavedStore,
  home: FileSystemDirectoryHandle,
  lockName: string,
  saving: () => Saving,
): TakeOver {
  const now = saving();
  return {
    saving: now.kept ? { ...now, catchingUp: true } : now,
    locked: takeLock(lockName, 5000),
    async write(locked) {
      if (!locked) {
        store.abandon();
        return { kept: false, why: 'another tab took this lesson’s database' };
      }
      if (!(await store.unchanged())) {
        store.abandon();
        // The files are the stopped engine's, not what the page shows: a reload must not say
        // "as you left it".
        await removeMarker(home);
        return {
          kept: false,
          why: 'the stopped engine was still saving when it was stopped, so what runs now is not kept (Reset keeps it again)',
        };
      }
      await store.release();
      return saving();
    },
  };
}

/**
 * Takes the lesson's Web Lock for the rest of this worker's life (terminating the worker releases
 * it). Waits up to `ms` for an engine being replaced to let go; false if it is still taken.
 */
function takeLock(name: string, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const keep = (lock: Lock | null) => {
      resolve(lock !== null);
      return lock ? new Promise<never>(() => {}) : undefined;
    };
    if (ms === 0) {
      navigator.locks.request(name, { ifAvailable: true }, keep).catch(() => resolve(false));
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), ms);
    navigator.locks
      .request(name, { signal: controller.signal }, (lock) => {
        clearTimeout(timer);
        return keep(lock);
      })
      .catch(() => resolve(false));
  });
}

function newMarker(version: string): Marker {
  return { version, id: crypto.randomUUID(), since: new Date().toISOString() };
}

async function readMarker(home: FileSystemDirectoryHandle): Promise<Marker | undefined> {
  try {
    const file = await (await home.getFileHandle(markerFile)).getFile();
    const value = JSON.parse(await file.text()) as Partial<Marker>;
    if (typeof value.version === 'string' && typeof value.id === 'string' && typeof value.since === 'string')
      return { version: value.version, id: value.id, since: value.since };
  } catch {
    // No marker, or not one we wrote: not a complete saved database.
  }
  return undefined;
}

function writeMarker(home: FileSystemDirectoryHandle, marker: Marker): Promise<void> {
  return writeWhole(home, markerFile, new TextEncoder().encode(JSON.stringify(marker)));
}

async function removeMarker(home: FileSystemDirectoryHandle): Promise<void> {
  await home.removeEntry(markerFile).catch(() => undefined);
}
