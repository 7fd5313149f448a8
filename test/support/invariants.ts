import { run } from '../../src/engine/run';
import type { Session } from '../../src/engine/types';
import type { Row } from '../../src/lesson/types';
import { rowsOf } from './catalog';

/** A versioned table of the course: `users_2` is read model `users`, version 2. */
export interface VersionedTable {
  name: string;
  /** The read model it belongs to, or feeds. */
  model: string;
  role: 'write' | 'read';
  version: number;
  /** For write tables: position of its stream in course.yaml, the order streams replay in. */
  rank: number;
}

/** Sorts the database's tables into the course's write and read tables; anything else is unknown. */
export function classify(names: string[], readModels: Record<string, string[]>) {
  const streams = Object.entries(readModels).flatMap(([model, list]) =>
    list.map((stream) => ({ model, stream })),
  );
  const known: VersionedTable[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const [, base = '', version = ''] = /^(.+)_(\d+)$/.exec(name) ?? [];
    const rank = streams.findIndex((entry) => entry.stream === base);
    if (base in readModels)
      known.push({ name, model: base, role: 'read', version: Number(version), rank: -1 });
    else if (rank >= 0)
      known.push({ name, model: streams[rank]?.model ?? '', role: 'write', version: Number(version), rank });
    else unknown.push(name);
  }
  const write = known.filter((table) => table.role === 'write');
  const read = known.filter((table) => table.role === 'read');
  return { write, read, unknown };
}

/**
 * The triggers the rules call for: an `append_only` guard on every write table, and a `feed_<r>`
 * trigger on write table w for every read table r of the same model with version(w) <= version(r).
 */
export function expectedTriggers(write: VersionedTable[], read: VersionedTable[]): string[][] {
  const pairs = write.map((w) => [w.name, 'append_only']);
  for (const w of write) {
    for (const r of read) {
      if (r.model === w.model && w.version <= r.version) pairs.push([w.name, `feed_${r.name}`]);
    }
  }
  return pairs.sort((a, b) => a.join('\0').localeCompare(b.join('\0'), 'en'));
}

/**
 * The order the rules lesson teaches for replaying history: stream by stream, in the order
 * course.yaml lists them (an event only depends on streams listed before its own), and within a
 * stream, every version's rows merged in id order (the versions share one sequence).
 */
export function replayOrder(write: VersionedTable[]): VersionedTable[][] {
  const streams = new Map<number, VersionedTable[]>();
  for (const table of [...write].sort((a, b) => a.rank - b.rank || a.version - b.version)) {
    streams.set(table.rank, [...(streams.get(table.rank) ?? []), table]);
  }
  return [...streams.values()];
}

/** SQL that re-inserts one stream's saved history, every version merged in id order. */
function replayStream(stream: VersionedTable[]): string {
  const ids = stream.map((w) => `SELECT '${w.name}' AS t, id FROM history_${w.name}`).join(' UNION ALL ');
  return `DO $$ DECLARE e record; BEGIN
  FOR e IN ${ids} ORDER BY id LOOP
    EXECUTE format('INSERT INTO %I SELECT * FROM %I WHERE id = $1', e.t, 'history_' || e.t) USING e.id;
  END LOOP;
END $$;`;
}

/**
 * Replays the whole write model, through the real triggers, into empty read tables, in the order
 * the lesson teaches, and returns what each read table held before and after. Runs in a
 * transaction that is rolled back.
 */
export async function rebuildReadTables(session: Session, write: VersionedTable[], read: VersionedTable[]) {
  const select = (table: VersionedTable) => `SELECT * FROM ${table.name} ORDER BY 1;`;
  const live: Record<string, Row[]> = {};
  for (const table of read) live[table.name] = await rowsOf(session, select(table));

  const all = [...write, ...read].map((table) => table.name).join(', ');
  const result = await run(
    session,
    [
      'BEGIN;',
      // Replica mode silences ordinary triggers: the guard lets us empty the write tables.
      'SET LOCAL session_replication_role = replica;',
      ...write.map((w) => `CREATE TEMP TABLE history_${w.name} ON COMMIT DROP AS SELECT * FROM ${w.name};`),
      `TRUNCATE ${all};`,
      'SET LOCAL session_replication_role = origin;',
      ...replayOrder(write).map(replayStream),
      ...read.map(select),
      'ROLLBACK;',
    ].join('\n'),
  );
  if (!result.ok) throw new Error(`replay failed: ${result.error.code} ${result.error.message}`);
  const selects = result.statements.slice(-1 - read.length, -1);
  const rebuilt: Record<string, Row[]> = {};
  read.forEach((table, index) => {
    rebuilt[table.name] = selects[index]?.rows ?? [];
  });
  return { live, rebuilt };
}

/** The SQLSTATE each kind of edit of each write table fails with ('ok' if it succeeded). */
export async function editOutcomes(session: Session, write: VersionedTable[]) {
  const outcomes: Record<string, Record<string, string>> = {};
  for (const { name } of write) {
    outcomes[name] = {};
    for (const [kind, sql] of [
      ['UPDATE', `UPDATE ${name} SET id = id;`],
      ['UPDATE nothing', `UPDATE ${name} SET id = id WHERE false;`],
      ['DELETE', `DELETE FROM ${name};`],
      ['TRUNCATE', `TRUNCATE ${name};`],
    ] as const) {
      const result = await run(session, sql);
      outcomes[name][kind] = result.ok ? 'ok' : result.error.code;
    }
  }
  return outcomes;
}
