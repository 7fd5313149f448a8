// A static server for dist/ that compresses what a real host would (gzip), optionally under a base
// path: how the benchmark measures bytes "as served compressed", and how tests serve a sub-path build.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.gz': 'application/gzip',
  '.sql': 'application/sql; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
/**
 * Each file compressed once, as long as it is unchanged: the browser tests open some two hundred
 * pages, and compressing PostgreSQL's 9 MB for each cost nearly a second of a core every time.
 */
const compressed = new Map();
function gzipped(file) {
  const { size, mtimeMs } = statSync(file);
  const key = `${file}:${size}:${mtimeMs}`;
  let bytes = compressed.get(key);
  if (!bytes) {
    bytes = gzipSync(readFileSync(file), { level: 6 });
    compressed.set(key, bytes);
  }
  return bytes;
}

/** Already compressed, or not worth it: sent as they are. */
const stored = new Set(['.gz', '.png', '.jpg', '.woff2']);

/**
 * Serves `root` on a free loopback port under `base` ('/' or '/sub/'). Resolves with its URL (base
 * included) and a stop function.
 */
export function serveStatic(root = 'dist', { base = '/', compress = true } = {}) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(base)) {
      response.writeHead(404).end('not under the base path');
      return;
    }
    let file = normalize(join(root, path.slice(base.length - 1)));
    if (!file.startsWith(normalize(root))) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      const notFound = join(root, '404.html');
      response.writeHead(404, { 'Content-Type': types['.html'] });
      if (existsSync(notFound)) createReadStream(notFound).pipe(response);
      else response.end('not found');
      return;
    }
    const type = types[extname(file)] ?? 'application/octet-stream';
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache' };
    if (compress && !stored.has(extname(file)) && /gzip/.test(request.headers['accept-encoding'] ?? '')) {
      const bytes = gzipped(file);
      response.writeHead(200, {
        ...headers,
        'Content-Encoding': 'gzip',
        Vary: 'Accept-Encoding',
        'Content-Length': bytes.byteLength,
      });
      response.end(bytes);
    } else {
      response.writeHead(200, { ...headers, 'Content-Length': statSync(file).size });
      createReadStream(file).pipe(response);
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}${base.replace(/\/$/, '')}`, stop: () => server.close() });
    });
  });
}
