/**
 * Registers the service worker that keeps the course working offline. Without one (an old browser,
 * a private window, plain http) the course still works online.
 */
export function registerServiceWorker(url: string): void {
  if (!('serviceWorker' in navigator)) return;
  const scope = url.replace(/sw\.js$/, '');
  navigator.serviceWorker.register(url, { scope }).catch(() => undefined);
}
