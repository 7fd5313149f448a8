// @ts-check
import { defineConfig } from 'astro/config';

export default defineConfig({
  trailingSlash: 'always',
  vite: {
    // PGlite ships its own WASM and data files; pre-bundling breaks their URLs (PGlite #199, #288).
    optimizeDeps: { exclude: ['@electric-sql/pglite'] },
    // The engine runs in a module worker.
    worker: { format: 'es' },
  },
});
