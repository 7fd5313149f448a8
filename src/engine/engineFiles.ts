/// <reference lib="webworker" />
import { describeError } from './describeError';

/** Where this build's engine files are, and how big each is when decompressed. */
export interface EngineFiles {
  wasm: { url: string; bytes: number };
  data: { url: string; bytes: number };
  initdb: { url: string };
  /** The lesson's starting state; `bytes` as served (gzipped). */
  snapshot: { url: string; bytes: number };
  /** Names the Cache API store: one per build, so a deploy never meets an old snapshot. */
  cache: string;
}

/** The name of this build's engine cache, shared by the page (prefetching) and the worker. */
export const engineCache = (buildId: string) => `cqrs-engine-${buildId}`;

/**
 * Bytes downloaded so far and the total to download, known before the first byte: files this
 * build has cached are read from the device and not counted.
 */
export type OnBytes = (done: number, total: number) => void;

/**
 * Files the server no longer has (HTTP 404 or 410): a page open across a deploy asks for its own
 * build's files, which the new build replaced. The worker reads this to say the course was updated.
 */
export const goneFiles = new Set<string>();

/** The Cache API, where there is one: only secure contexts (https, localhost) have it. */
const storage = (globalThis as { caches?: CacheStorage }).caches;

async function openCache(name: string): Promise<Cache | undefined> {
  try {
    return await storage?.open(name);
  } catch {
    // No Cache API (not a secure context, or storage refused): download every time.
    return undefined;
  }
}

/** A file from this build's cache, if it is there. */
async function cached(url: string): Promise<Response | undefined> {
  return (await storage?.match(url).catch(() => undefined)) ?? undefined;
}

/**
 * A file from this build's cache, or else from the network (then cached), read as bytes;
 * `onChunk` counts what comes over the network. Throws with the URL and the reason when it cannot
 * be had.
 */
async function load(
  url: string,
  cache: Cache | undefined,
  onChunk: (bytes: number) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  const local = await cached(url);
  if (local) return new Uint8Array(await local.arrayBuffer());
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`${url} could not be downloaded (${describeError(error)}); check the connection`);
  }
  if (response.status === 404 || response.status === 410) goneFiles.add(url);
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  if (cache) await cache.put(url, response.clone()).catch(() => undefined);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let length = 0;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    chunks.push(next.value);
    length += next.value.byteLength;
    onChunk(next.value.byteLength);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * PostgreSQL's WebAssembly module, its file-system bundle and, when `withSnapshot`, the lesson's
 * snapshot, with one progress count over what has to come from the network. The snapshot is
 * optional: without it the engine falls back to initdb, so its failure is returned as undefined.
 */
export async function downloadEngine(files: EngineFiles, onBytes: OnBytes, withSnapshot = true) {
  const cache = await openCache(files.cache);
  const wanted = [files.wasm, files.data, ...(withSnapshot ? [files.snapshot] : [])];
  const local = await Promise.all(wanted.map(async (file) => (await cached(file.url)) !== undefined));
  const total = wanted.reduce((sum, file, index) => sum + (local[index] ? 0 : file.bytes), 0);
  let done = 0;
  onBytes(0, total);
  const count = (bytes: number) => {
    done += bytes;
    // A server may send a file bigger than this build measured (another build's, say): never past 100 %.
    onBytes(Math.min(done, total), total);
  };
  const [wasm, data, snapshot] = await Promise.all([
    load(files.wasm.url, cache, count).then((bytes) => WebAssembly.compile(bytes)),
    load(files.data.url, cache, count).then((bytes) => new Blob([bytes])),
    withSnapshot ? snapshotFrom(files.snapshot.url, cache, count) : undefined,
  ]);
  return { wasm, data, snapshot };
}

/** The lesson's snapshot alone, when the engine first opened without it; undefined if unavailable. */
export async function loadSnapshot(files: EngineFiles, onBytes: OnBytes): Promise<Blob | undefined> {
  const cache = await openCache(files.cache);
  const total = (await cached(files.snapshot.url)) ? 0 : files.snapshot.bytes;
  let done = 0;
  onBytes(0, total);
  return snapshotFrom(files.snapshot.url, cache, (bytes) => {
    done += bytes;
    onBytes(Math.min(done, total), total);
  });
}

function snapshotFrom(url: string, cache: Cache | undefined, count: (bytes: number) => void) {
  return load(url, cache, count)
    .then(gunzip)
    .catch(() => undefined);
}

/**
 * A gzipped tar as a plain tar: the browser's own decompression is much faster than PGlite's in
 * JavaScript, which it skips when given a tar.
 */
async function gunzip(bytes: Uint8Array<ArrayBuffer>): Promise<Blob> {
  if (typeof DecompressionStream === 'undefined' || bytes[0] !== 0x1f || bytes[1] !== 0x8b)
    return new Blob([bytes]);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).blob();
}

/** The initdb module: PGlite loads it even when it starts from a snapshot. */
export async function downloadInitdb(files: EngineFiles): Promise<WebAssembly.Module> {
  const bytes = await load(files.initdb.url, await openCache(files.cache), () => undefined);
  return WebAssembly.compile(bytes);
}

/** Deletes engine caches of other builds (the service worker does too; this covers pages without one). */
export async function dropOldCaches(current: string): Promise<void> {
  try {
    const names = (await storage?.keys()) ?? [];
    await Promise.all(
      names
        .filter((name) => name.startsWith('cqrs-engine-') && name !== current)
        .map((name) => storage?.delete(name)),
    );
  } catch {
    // nothing to clean
  }
}
