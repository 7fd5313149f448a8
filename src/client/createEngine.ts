import { EngineClient } from './EngineClient';

/** What a page needs to open its lesson's database; built at build time (src/site/engineData.ts). */
export interface EngineData {
  snapshotUrl: string;
  /**
   * Every other lesson's snapshot, next ones first, fetched in the background once this lesson is
   * ready: after one online visit, any lesson opens offline as fast as a visited one.
   */
  otherSnapshotUrls: string[];
  /** Every step of the earlier lessons, in order: the starting state when there is no snapshot. */
  setup: string[];
  sizes: { wasm: number; data: number; snapshot: number };
  cache: string;
  /** Where the learner's database is kept between visits: the lesson and its starting state's version. */
  saved: { name: string; version: string };
}

/** A new engine worker, from this build's bundle (Vite finds it by this exact, static form). */
export const createWorker = () =>
  new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module', name: 'postgres' });

/**
 * The engine client for a page, its worker started from this build's bundle. `keep`: the learner's
 * database lasts between visits (a lesson page; not the presenter, whose demo starts afresh).
 */
export function createEngine(data: EngineData, how: { observe?: 'full'; keep?: boolean } = {}): EngineClient {
  const { observe, keep = false } = how;
  return new EngineClient({
    createWorker: () => createWorker(),
    snapshotUrl: data.snapshotUrl,
    setup: data.setup,
    sizes: data.sizes,
    cache: data.cache,
    ...(observe ? { observe } : {}),
    ...(keep ? { saved: data.saved } : {}),
  });
}

/**
 * Puts other lessons' snapshots in the engine cache while the learner reads this one, one at a
 * time so that they never compete with the page for the network.
 */
export async function prefetch(urls: string[], cache: string): Promise<void> {
  try {
    const store = await (globalThis as { caches?: CacheStorage }).caches?.open(cache);
    if (!store) return;
    for (const url of urls) if (!(await store.match(url))) await store.add(url);
  } catch {
    // A prefetch is only a head start (offline, or storage refused): a lesson downloads its own when opened.
  }
}
