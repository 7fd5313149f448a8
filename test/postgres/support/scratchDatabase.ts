import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { pgSession } from '../../../src/engine/pgSession';
import type { Database } from '../../support/replayCourse';

export const postgresUrl = inject('postgresUrl');

/** The URL of another database on the same server. */
export function urlOf(database: string): string {
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A new, empty database on the real server; `close` drops it again. */
export async function scratchDatabase(): Promise<Database & { url: string; connect(): Promise<pg.Client> }> {
  const name = `cqrs_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client({ connectionString: urlOf(name) });
    await client.connect();
    clients.push(client);
    return client;
  };
  const main = await connect();
  return {
    url: urlOf(name),
    session: pgSession(main),
    connect,
    async close() {
      await Promise.all(clients.map((client) => client.end()));
      await admin.query(`DROP DATABASE ${name}`);
      await admin.end();
    },
  };
}
