import { EngineClient } from './EngineClient';

/** What a page needs to open its lesson's database; built at build time (src/site/engineData.ts). */
export interface EngineData {
  snapshotUrl: string;
  /** The next lesson's snapshot, fetched in the background once this lesson is ready. */
  nextSnapshotUrl?: string;
  /** Every step of the earlier lessons, in order: the starting state when there is no snapshot. */
  setup: string[];
  sizes: { wasm: number; data: number };
  cache: string;
}

/** A new engine worker, from this build's bundle (Vite finds it by this exact, static form). */
export const createWorker = () =>
  new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module', name: 'postgres' });

/** The engine client for a page, its worker started from this build's bundle. */
export function createEngine(data: EngineData, observe?: 'full'): EngineClient {
  return new EngineClient({
    createWorker: () => createWorker(),
    snapshotUrl: data.snapshotUrl,
    setup: data.setup,
    sizes: data.sizes,
    cache: data.cache,
    ...(observe ? { observe } : {}),
  });
}

/** Puts the next lesson's snapshot in the engine cache while the learner reads this one. */
export async function prefetch(url: string, cache: string): Promise<void> {
  try {
    const store = await (globalThis as { caches?: CacheStorage }).caches?.open(cache);
    if (store && !(await store.match(url))) await store.add(url);
  } catch {
    // A prefetch is only a head start; the lesson downloads its snapshot when opened anyway.
  }
}
