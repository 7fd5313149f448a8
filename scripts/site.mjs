// Builds the site and serves dist/ on a free loopback port; shared by the tests and the benchmark.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

const astro = 'node_modules/astro/astro.js';

/**
 * Runs `astro build`, optionally under a base path into another directory (`{ base: '/sub/',
 * outDir: 'dist-sub' }`); throws with its output when it fails.
 */
export function buildSite({ base, outDir } = {}) {
  const flags = [...(base ? ['--base', base] : []), ...(outDir ? ['--outDir', outDir] : [])];
  // Vitest exports its own import.meta.env (BASE_URL '/', MODE 'test') to process.env, and Vite
  // would take them over the build's own: the build gets an environment without them.
  const env = { ...process.env };
  for (const name of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR']) delete env[name];
  const built = spawnSync(process.execPath, [astro, 'build', ...flags], { encoding: 'utf8', env });
  if (built.status !== 0) throw new Error(`astro build failed:\n${built.stdout}\n${built.stderr}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Starts the preview server and resolves once it answers. */
export async function startPreview() {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['node_modules/astro/astro.js', 'preview', '--host', '127.0.0.1', '--port', String(port)],
    {
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`astro preview exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/`)).ok) return { url, stop: () => child.kill() };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`${url} did not answer within 30 s`);
}
