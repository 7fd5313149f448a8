/// <reference lib="webworker" />
import { describeError } from './describeError';

/** Where this build's engine files are, and how big each is when decompressed. */
export interface EngineFiles {
  wasm: { url: string; bytes: number };
  data: { url: string; bytes: number };
  initdb: { url: string };
  snapshot: { url: string };
  /** Names the Cache API store: one per build, so a deploy never meets an old snapshot. */
  cache: string;
}

/** The name of this build's engine cache, shared by the page (prefetching) and the worker. */
export const engineCache = (buildId: string) => `cqrs-engine-${buildId}`;

/** Bytes downloaded so far across all files, and the total expected. */
export type OnBytes = (done: number, total: number) => void;

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

/**
 * A file from this build's cache, or else from the network (then cached), read as bytes with
 * progress. Throws with the URL and the reason when it cannot be had.
 */
async function load(
  url: string,
  cache: Cache | undefined,
  onChunk: (bytes: number) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  let response = await storage?.match(url).catch(() => undefined);
  if (!response) {
    try {
      response = await fetch(url);
    } catch (error) {
      throw new Error(`${url} could not be downloaded (${describeError(error)}); check the connection`);
    }
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    if (cache) await cache.put(url, response.clone()).catch(() => undefined);
  }
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
 * PostgreSQL's WebAssembly module, its file-system bundle and the lesson's snapshot, downloaded
 * together with one progress count. The snapshot is optional: without it the engine falls back to
 * initdb, so its failure is returned as undefined, not thrown.
 */
export async function downloadEngine(files: EngineFiles, onBytes: OnBytes) {
  const cache = await openCache(files.cache);
  let done = 0;
  let total = files.wasm.bytes + files.data.bytes;
  const count = (bytes: number) => {
    done += bytes;
    onBytes(done, Math.max(total, done));
  };
  const snapshotSize = fetchSize(files.snapshot.url, cache).then((bytes) => {
    total += bytes;
  });
  const [wasm, data, snapshot] = await Promise.all([
    load(files.wasm.url, cache, count).then((bytes) => WebAssembly.compile(bytes)),
    load(files.data.url, cache, count).then((bytes) => new Blob([bytes])),
    snapshotSize
      .then(() => load(files.snapshot.url, cache, count))
      .then(gunzip)
      .catch(() => undefined),
  ]);
  return { wasm, data, snapshot };
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

/** A file's size from a HEAD request or the cache, for the progress total; 0 if unknown. */
async function fetchSize(url: string, cache: Cache | undefined): Promise<number> {
  try {
    const cached = await cache?.match(url);
    const response = cached ?? (await fetch(url, { method: 'HEAD' }));
    return Number(response.headers.get('content-length')) || 0;
  } catch {
    return 0;
  }
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
