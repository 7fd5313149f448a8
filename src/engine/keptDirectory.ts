/// <reference lib="webworker" />
import type { FileWrite, StorageEntry } from '@electric-sql/pglite/memfs-frontend';
import type { LayeredChanges } from './keptLayers';
import { tarEntries } from './tarEntries';

// How a lesson's kept database is laid out in the origin private file system, and written there
// in the order crash recovery needs; `SavedStore` decides what to write.

/** Files written or read at once: enough to overlap the file system's latency, few enough to stay gentle. */
const parallelWrites = 8;
const parallelReads = 8;

/** The lesson's start as downloaded, and the list of its paths removed since (see `KeptLayers`). */
export const baseFile = 'base.tar.gz';
const removedFile = 'removed.json';
/** Rewritten with new bytes with each query's WAL: what a spare compares (see `unchanged`). */
const stampFile = 'written';
/** Where a whole file is written before it is moved into place; never read back. */
const partial = '.kept-partial';

/** Clears a lesson's kept files: the archive, the removed list and the changed files. */
export async function removeKept(home: FileSystemDirectoryHandle, dir: string): Promise<void> {
  for (const name of [baseFile, removedFile, stampFile, dir].flatMap((name) => [name, `${name}${partial}`])) {
    await home.removeEntry(name, { recursive: true }).catch(() => undefined);
  }
}

export async function readBase(home: FileSystemDirectoryHandle): Promise<StorageEntry[] | undefined> {
  const handle = await home.getFileHandle(baseFile).catch(() => undefined);
  return handle ? tarEntries(await handle.getFile()) : undefined;
}

export async function readRemoved(home: FileSystemDirectoryHandle): Promise<string[]> {
  const handle = await home.getFileHandle(removedFile).catch(() => undefined);
  if (!handle) return [];
  const value: unknown = JSON.parse(await (await handle.getFile()).text());
  if (!Array.isArray(value) || !value.every((path) => typeof path === 'string')) {
    throw new Error(`${removedFile} is not a list of paths`);
  }
  return value;
}

export type Tree = {
  dirs: { path: string; handle: FileSystemDirectoryHandle }[];
  files: { path: string; handle: FileSystemFileHandle }[];
};

/**
 * Every directory (parents first) and file under `root`, without reading the files; files being
 * written whole (`partial`) only if `partials`.
 */
export async function listTree(root: FileSystemDirectoryHandle, partials = false): Promise<Tree> {
  const files: Tree['files'] = [];
  const dirs: Tree['dirs'] = [];
  const queue: Tree['dirs'] = [{ path: '', handle: root }];
  for (let index = 0; index < queue.length; index++) {
    const dir = queue[index];
    if (!dir) continue;
    if (dir.path) dirs.push(dir);
    for await (const [name, handle] of dir.handle.entries()) {
      const path = `${dir.path}/${name}`;
      if (handle.kind === 'directory') queue.push({ path, handle: handle as FileSystemDirectoryHandle });
      else if (partials || !name.endsWith(partial))
        files.push({ path, handle: handle as FileSystemFileHandle });
    }
  }
  return { dirs, files };
}

/** Every kept file's path, size and time of last change: any write since shows in it. */
export async function fingerprint(home: FileSystemDirectoryHandle): Promise<string> {
  const { files } = await listTree(home, true);
  const lines: string[] = [];
  for (const { path, handle } of files) {
    const file = await handle.getFile().catch(() => undefined);
    // A commit may change only the WAL, in place and within the clock's resolution: the stamp's
    // bytes change with every write.
    const stamp =
      path === `/${stampFile}` && file
        ? ` ${Array.from(new Uint8Array(await file.arrayBuffer())).join('.')}`
        : '';
    lines.push(`${path} ${file?.size ?? 'gone'} ${file?.lastModified ?? ''}${stamp}`);
  }
  return lines.sort().join('\n');
}

/**
 * The files' entries, read several at a time. Reading one after another, a restart spent most of
 * its time waiting on the file system, a few milliseconds for each of some 400 files.
 */
export async function* readFiles(files: Tree['files']): AsyncGenerator<StorageEntry> {
  const read = async ({ path, handle }: (typeof files)[number]): Promise<StorageEntry> => {
    const file = await handle.getFile();
    return { kind: 'file', path, data: new Uint8Array(await file.arrayBuffer()), mtime: file.lastModified };
  };
  const start = (file: (typeof files)[number]) => {
    const entry = read(file);
    // Awaited in turn below; until then a failure must not count as unhandled (the worker would
    // take it for a crash) rather than fail the opening as it should.
    entry.catch(() => undefined);
    return entry;
  };
  const reading = files.slice(0, parallelReads).map(start);
  for (let next = parallelReads; reading.length > 0; next++) {
    const entry = await reading.shift();
    const ahead = files[next];
    if (ahead) reading.push(start(ahead));
    if (entry) yield entry;
  }
}

/**
 * One query's changes, in the order PostgreSQL's crash recovery expects of a tab closed half-way:
 * the WAL first, then directories made and files removed (in their order, after the WAL that
 * records them: a dropped database's files go only once its WAL is down), then data files, and
 * pg_control last. Old WAL segments, which a checkpoint removes, go only after pg_control: until it
 * is written, the kept pg_control still starts its recovery in them. An archive path is listed as
 * removed before a copy of it in the upper layer is deleted, so the archive's never shows again.
 */
export async function applyChanges(
  home: FileSystemDirectoryHandle,
  root: FileSystemDirectoryHandle,
  layered: LayeredChanges,
): Promise<void> {
  const { changes, removedBefore, removedAfter } = layered;
  const isWal = (path: string) => path.startsWith('/pg_wal/');
  const stamp: FileWrite = {
    path: `/${stampFile}`,
    size: 16,
    full: false,
    truncate: true,
    chunks: [{ at: 0, data: crypto.getRandomValues(new Uint8Array(16)) }],
  };
  const { wal, data, control } = changes.files;
  // The stamp goes with the WAL, not before it: one round trip fewer before the answer. A spare that
  // looks between the two still sees the stamp change when it looks again.
  await Promise.all([writeFile(home, stamp), inParallel(wal, (file) => writeFile(root, file))]);
  if (removedBefore) await writeWhole(home, removedFile, encodeList(removedBefore));
  for (const op of changes.ops) {
    if (op.op === 'mkdir') await directory(root, split(op.path), true);
    else if (!isWal(op.path)) await remove(root, op.path);
  }
  for (const group of [data, control]) await inParallel(group, (file) => writeFile(root, file));
  if (removedAfter) await writeWhole(home, removedFile, encodeList(removedAfter));
  for (const op of changes.ops) if (op.op !== 'mkdir' && isWal(op.path)) await remove(root, op.path);
}

const encodeList = (paths: string[]) => new TextEncoder().encode(JSON.stringify(paths));

/** Writes a file of `dir` whole, replacing what it held (all at once where the browser can move files). */
export function writeWhole(dir: FileSystemDirectoryHandle, name: string, bytes: Uint8Array): Promise<void> {
  return writeFile(dir, {
    path: `/${name}`,
    size: bytes.length,
    full: true,
    truncate: true,
    chunks: [{ at: 0, data: bytes }],
  });
}

/** `move` is in Chromium's, Firefox's and Safari's private file system, but not yet in TypeScript's types. */
type Movable = FileSystemFileHandle & { move?: (name: string) => Promise<void> };

/**
 * Writes one file. A whole file is written under another name and then moved into place: until it
 * is complete, what it replaces (an older copy, or the archive's) is what a restart reads. An empty
 * new file in its place would hide the archive's copy, and the WAL could not repair that.
 */
async function writeFile(root: FileSystemDirectoryHandle, file: FileWrite): Promise<void> {
  const parts = split(file.path);
  const dir = await directory(root, parts.slice(0, -1), true);
  const name = parts.at(-1) ?? '';
  const handle: Movable = await dir.getFileHandle(file.full ? `${name}${partial}` : name, { create: true });
  const access = await handle.createSyncAccessHandle();
  try {
    if (file.truncate) access.truncate(file.size);
    for (const chunk of file.chunks) access.write(chunk.data, { at: chunk.at });
    access.flush();
  } finally {
    access.close();
  }
  if (file.full) await handle.move?.(name);
}

/**
 * Whether `move` can replace a file, as writing a whole file needs. Some browsers refuse to move
 * onto an existing name; there the database is not kept, rather than kept half-safely.
 */
export async function canReplaceByMove(dir: FileSystemDirectoryHandle): Promise<boolean> {
  const name = 'move-check';
  try {
    await dir.getFileHandle(name, { create: true });
    const moving: Movable = await dir.getFileHandle(`${name}${partial}`, { create: true });
    if (typeof moving.move !== 'function') return false;
    await moving.move(name);
    return true;
  } catch {
    return false;
  } finally {
    for (const left of [name, `${name}${partial}`]) await dir.removeEntry(left).catch(() => undefined);
  }
}

async function remove(root: FileSystemDirectoryHandle, path: string): Promise<void> {
  const parts = split(path);
  const parent = await directory(root, parts.slice(0, -1), false).catch(() => undefined);
  await parent?.removeEntry(parts.at(-1) ?? '', { recursive: true }).catch((error: unknown) => {
    if ((error as { name?: string }).name !== 'NotFoundError') throw error;
  });
}

async function directory(
  root: FileSystemDirectoryHandle,
  parts: string[],
  create: boolean,
): Promise<FileSystemDirectoryHandle> {
  let dir = root;
  for (const part of parts) dir = await dir.getDirectoryHandle(part, { create });
  return dir;
}

async function inParallel<T>(items: T[], each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await each(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelWrites, items.length) }, worker));
}

const split = (path: string) => path.split('/').filter(Boolean);

/** The file system's refusal in the learner's terms. */
export function describeStorageError(error: unknown): string {
  const name = (error as { name?: string }).name;
  if (name === 'QuotaExceededError') return 'the browser’s storage for this site is full';
  if (name === 'NotFoundError') return 'the saved files were removed (site data cleared?)';
  if (name === 'NoModificationAllowedError') return 'another tab or engine is using the saved files';
  return `the browser refused to write it (${name ?? String(error)})`;
}
