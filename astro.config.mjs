// @ts-check
import { defineConfig } from 'astro/config';
import { searchIndex } from './scripts/searchIndex.mjs';
import { serviceWorker } from './scripts/serviceWorker.mjs';

/** Names this build's caches, so a new deploy never serves an old lesson snapshot. */
const buildId = Date.now().toString(36);

export default defineConfig({
  trailingSlash: 'always',
  // In this order: the search index is written before the service worker lists the files to precache.
  integrations: [searchIndex(), serviceWorker(buildId)],
  vite: {
    define: { __BUILD_ID__: JSON.stringify(buildId) },
    // PGlite ships its own WASM and data files; pre-bundling breaks their URLs (PGlite #199, #288).
    optimizeDeps: { exclude: ['@electric-sql/pglite'] },
    // The engine runs in a module worker.
    worker: { format: 'es' },
  },
});
