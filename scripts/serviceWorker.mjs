// An Astro integration that writes dist/sw.js after the build: the service worker that lets the
// course work offline after one visit. It precaches every page, script and style of this build
// (about 1 MB gzipped), but not the engine's big files, which the engine worker caches itself when
// it first downloads them. Its caches are named after the build, so a new deploy replaces them.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The engine worker downloads and caches these itself; precaching them would download them twice. */
const leftToTheEngine = /(^|\/)engine\/|pglite[^/]*\.(wasm|data)$/;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** @param {string} buildId */
export function serviceWorker(buildId) {
  let base = '/';
  return {
    name: 'cqrs-service-worker',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.replace(/\/?$/, '/');
      },
      'astro:build:done': ({ dir }) => {
        const root = fileURLToPath(dir);
        const urls = files(root)
          .map((path) => relative(root, path).split(sep).join('/'))
          .filter((path) => !leftToTheEngine.test(path) && path !== 'sw.js')
          .map((path) => `${base}${path.replace(/(^|\/)index\.html$/, '$1')}`)
          .sort();
        let code = readFileSync(new URL('../src/serviceWorker/sw.js', import.meta.url), 'utf8');
        const values = {
          __BUILD_ID__: JSON.stringify(buildId),
          __BASE__: JSON.stringify(base),
          // Inside JSON.parse('…'): the list as a string literal.
          __PRECACHE__: JSON.stringify(JSON.stringify(urls)).slice(1, -1).replaceAll("'", "\\'"),
        };
        for (const [placeholder, value] of Object.entries(values)) {
          const quoted = placeholder === '__PRECACHE__' ? placeholder : `'${placeholder}'`;
          if (!code.includes(quoted))
            throw new Error(`src/serviceWorker/sw.js has lost its ${placeholder} placeholder`);
          code = code.replace(quoted, value);
        }
        writeFileSync(join(root, 'sw.js'), code);
      },
    },
  };
}
