import type pg from 'pg';

/**
 * A write another code version could make right now: a copy of the newest row of the table (or,
 * while it is empty, of another version of it) with a new id from its sequence and every text
 * value made unique, so no read model rejects it. Numbers it cannot copy are 0, the course's first
 * user, unless `given` names the value. Prepared outside the writer's transaction, so that
 * transaction only writes.
 */
export async function writeLike(
  client: pg.Client,
  table: string,
  tag: string,
  given: Record<string, unknown> = {},
) {
  const columns = (
    await client.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
       WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attname <> 'id'
       ORDER BY attnum`,
      [table],
    )
  ).rows;
  const base = table.replace(/_\d+$/, '');
  const versions = (
    await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND relname ~ $1
       ORDER BY relname = $2 DESC, relname DESC`,
      [`^${base}_[0-9]+$`, table],
    )
  ).rows.map((row) => row.name);
  let newest: Record<string, unknown> = {};
  for (const name of versions) {
    const row = (await client.query(`SELECT * FROM ${name} ORDER BY id DESC LIMIT 1`)).rows[0];
    if (row) {
      newest = row;
      break;
    }
  }
  const values = columns.map(({ name, type }) => {
    if (name in given) return given[name];
    const copied = newest[name];
    if (type === 'text') return `${tag}.${copied == null ? `${table}.${name}` : String(copied)}`;
    return copied ?? 0;
  });
  const list = columns.map(({ name }) => name).join(', ');
  const params = columns.map((_, index) => `$${index + 1}`).join(', ');
  return { text: `INSERT INTO ${table} (${list}) VALUES (${params}) RETURNING id`, values };
}

/** Waits until the backend `pid` is waiting for a lock, or `done` settles first; true if it waited. */
export async function waitsForLock(observer: pg.Client, pid: number, done: Promise<unknown>) {
  let settled = false;
  void done.finally(() => {
    settled = true;
  });
  for (let attempt = 0; attempt < 1000 && !settled; attempt++) {
    const { rows } = await observer.query<{ wait: string | null }>(
      'SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1',
      [pid],
    );
    if (rows[0]?.wait === 'Lock') return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

export const backendPid = async (client: pg.Client) =>
  Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
