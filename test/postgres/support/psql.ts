import { spawnSync } from 'node:child_process';

/**
 * Whether `psql` is on this machine: the exported scripts are applied with it, as a reader would.
 * A machine without a system PostgreSQL (18 comes from npm, without psql) skips those tests; CI
 * installs the client and must not skip them.
 */
export const hasPsql = spawnSync('psql', ['--version']).status === 0;
if (!hasPsql && process.env['CI'])
  throw new Error('psql is not on PATH (apt-get install postgresql-client).');
if (!hasPsql) console.log('Tests that apply the exported SQL with psql are skipped: psql is not on PATH.');
