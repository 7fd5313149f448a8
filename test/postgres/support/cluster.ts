import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** The directory of the newest PostgreSQL server binaries on this machine, or '' if there are none. */
export function findBinDir(): string {
  try {
    const fromConfig = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (existsSync(join(fromConfig, 'initdb'))) return fromConfig;
  } catch {
    // no pg_config on PATH: look where Debian puts servers
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return '';
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : '';
}

export interface Cluster {
  url: string;
  version: string;
  stop(): void;
}

/**
 * Starts a throwaway cluster in a temp dir, reachable only through a Unix socket in that dir.
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
 */
export function startCluster(binDir: string): Cluster {
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
    const options = `-c listen_addresses='' -k ${dir} -p ${port} -c fsync=off -c full_page_writes=off`;
    started = true;
    exec('pg_ctl', ['start', '-D', data, '-w', '-l', join(dir, 'server.log'), '-o', options]);
  } catch (error) {
    stop();
    throw error;
  }
  const version = exec('postgres', ['--version']).trim();
  return {
    url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    version,
    stop,
  };
}
