import type { TestProject } from 'vitest/node';
import { ensureBuiltSql } from './builtSite';
import { findBinDir, startCluster } from './cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection URL of a role that may create databases, or '' when no server could be had. */
    postgresUrl: string;
  }
}

/** Uses DATABASE_URL, or starts a throwaway cluster from the PostgreSQL binaries it can find. */
export default function setup(project: TestProject) {
  const given = process.env['DATABASE_URL'];
  if (given) {
    ensureBuiltSql();
    project.provide('postgresUrl', given);
    return;
  }
  const binDir = findBinDir();
  if (!binDir) {
    const why =
      'no DATABASE_URL and no PostgreSQL server binaries (pg_config --bindir, /usr/lib/postgresql/*/bin)';
    if (process.env['CI']) throw new Error(`PostgreSQL tests cannot run: ${why}.`);
    console.log(`PostgreSQL tests skipped: ${why}.`);
    project.provide('postgresUrl', '');
    return;
  }
  ensureBuiltSql();
  const cluster = startCluster(binDir);
  // Stop the server even if the run is interrupted.
  const stopOnExit = () => cluster.stop();
  process.once('exit', stopOnExit);
  console.log(`PostgreSQL tests use a throwaway cluster: ${cluster.version}`);
  project.provide('postgresUrl', cluster.url);
  return () => {
    process.off('exit', stopOnExit);
    cluster.stop();
  };
}
