// The service worker, as a template: scripts/serviceWorker.mjs fills in this build's id, base path
// and the list of files to precache, and writes it to dist/sw.js. Plain JavaScript: it is not bundled.
/// <reference lib="webworker" />

const buildId = '__BUILD_ID__';
const base = '__BASE__';
const precache = JSON.parse('__PRECACHE__');
const siteCache = `cqrs-site-${buildId}`;
const ours = /^cqrs-(site|engine)-/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(siteCache)
      .then((cache) => cache.addAll(precache))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  // Only this build's caches stay: an old lesson snapshot must never be served after a deploy.
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => ours.test(name) && !name.endsWith(`-${buildId}`))
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith(base))
    return;
  if (request.mode === 'navigate') {
    // Pages: the network first, so a new deploy shows at once; the cached copy when offline.
    event.respondWith(
      fetch(request).catch(() =>
        caches
          .match(url.pathname, { ignoreSearch: true })
          .then((hit) => hit ?? caches.match(`${base}404.html`)),
      ),
    );
    return;
  }
  if (precache.includes(url.pathname)) {
    // Scripts, styles and the rest of this build: named by content or by build, so the cache is right.
    event.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(request)));
  }
});
