/** Set by astro.config.mjs: names this build's caches (service worker and engine files). */
declare const __BUILD_ID__: string;

/** Vite gives the URL of an emitted file for an import ending in ?url. */
declare module '*?url' {
  const url: string;
  export default url;
}
