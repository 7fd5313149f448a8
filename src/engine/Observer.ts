import type { Row } from '../lesson/types';
import { type Catalog, catalogSql, parseCatalog } from './catalog';
import { compareLimit, diffSnapshots, type Snapshot, type TableChange } from './tableChanges';
import type { Reply, Session, TransactionState } from './types';

/** What one run did to the database, as PostgreSQL itself recorded it. */
export interface Observation {
  /** Rows that appeared, disappeared or changed in each table, triggers' writes included. */
  changes: TableChange[];
  /**
   * Trigger (and other PL/pgSQL) functions that ran, and how many times: PostgreSQL's own
   * `track_functions` counters, so a function that ran in a rolled-back write still counts.
   */
  fired: Record<string, number>;
  /** The schema after the run, only when the run changed it. */
  catalog?: Catalog;
  /** False when the session switched PostgreSQL's statistics off, so `fired` is unknown. */
  counted: boolean;
  /**
   * Whether the run may have left a trace: a write (even one rolled back), a sequence that moved,
   * a schema change. A run without one can be left out when the database is rebuilt.
   */
  wrote: boolean;
  /**
   * The public schema, where the course's tables live, does not exist (the learner dropped it):
   * every table is gone, and a new one has nowhere to go until it is created again.
   */
  noPublicSchema?: true;
}

interface Known {
  /** relfilenode and row version of the table's catalog entry: both change with DDL and TRUNCATE. */
  shape: string;
  /** Rows inserted, updated and deleted so far, by PostgreSQL's statistics. */
  writes: string;
  snapshot: Snapshot[string];
}

const quote = (name: string) => `public."${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Tables, their write counters, function calls and a fingerprint of the schema: one round trip. */
const probeSql = `SELECT c.relname, c.relkind::text, c.relfilenode::text || ':' || c.xmin::text,
       (pg_catalog.pg_stat_get_tuples_inserted(c.oid) + pg_catalog.pg_stat_get_tuples_updated(c.oid)
        + pg_catalog.pg_stat_get_tuples_deleted(c.oid) + pg_catalog.pg_stat_get_xact_tuples_inserted(c.oid)
        + pg_catalog.pg_stat_get_xact_tuples_updated(c.oid) + pg_catalog.pg_stat_get_xact_tuples_deleted(c.oid))::text
FROM pg_catalog.pg_class c
WHERE c.relnamespace = pg_catalog.to_regnamespace('public') AND c.relkind IN ('r', 'p', 'v', 'm')
ORDER BY 1;
SELECT p.proname, sum(coalesce(pg_catalog.pg_stat_get_function_calls(p.oid), 0)
                      + coalesce(pg_catalog.pg_stat_get_xact_function_calls(p.oid), 0))::text
FROM pg_catalog.pg_proc p WHERE p.pronamespace = pg_catalog.to_regnamespace('public') GROUP BY 1;
SELECT pg_catalog.current_setting('track_counts') || pg_catalog.current_setting('track_functions'),
       (SELECT string_agg(c.relname || '=' || coalesce(pg_catalog.pg_sequence_last_value(c.oid)::text, ''), ','
                          ORDER BY c.relname)
        FROM pg_catalog.pg_class c WHERE c.relkind = 'S' AND c.relnamespace = pg_catalog.to_regnamespace('public')),
       (SELECT count(*) || '.' || coalesce(sum(a.xmin::text::bigint), 0) FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = pg_catalog.to_regnamespace('public'))
       || '/' || (SELECT count(*) || '.' || coalesce(sum(xmin::text::bigint), 0) FROM pg_catalog.pg_trigger)
       || '/' || (SELECT count(*) || '.' || coalesce(sum(xmin::text::bigint), 0) FROM pg_catalog.pg_proc
                  WHERE pronamespace = pg_catalog.to_regnamespace('public')),
       pg_catalog.to_regnamespace('public') IS NULL;`;

/**
 * Watches one session between runs. After each run it asks PostgreSQL which tables were written to
 * (its statistics counters) and re-reads only those, so "what changed" stays exact without copying
 * the whole database twice per run. Its own queries never disturb the learner's transaction.
 */
export class Observer {
  readonly #session: Session;
  #tables = new Map<string, Known>();
  #calls = new Map<string, number>();
  #fingerprint = '';
  #sequences = '';
  /** Whether there is a baseline to report changes against. */
  #ready = false;
  /** The last observation was inside a transaction, which may yet roll back what it saw. */
  #sawUncommitted = false;

  /**
   * `full` re-reads every table after every run, ignoring the counters: the naive way, kept so
   * the benchmark can measure what the counters save.
   */
  constructor(
    session: Session,
    readonly mode: 'counters' | 'full' = 'counters',
  ) {
    this.#session = session;
  }

  /** Learns the current state without reporting it as a change: after opening or restoring. */
  async baseline(): Promise<Catalog> {
    this.#tables.clear();
    this.#calls.clear();
    this.#fingerprint = '';
    this.#ready = false;
    const observation = await this.observe('idle');
    this.#ready = true;
    return observation.catalog ?? { tables: [], triggers: [] };
  }

  /** What the last run changed. `transaction` is the session's state after that run. */
  async observe(transaction: TransactionState): Promise<Observation> {
    const open = transaction === 'open';
    // Statistics reach the shared views only when the session is idle; this makes it happen now.
    if (!open) await this.#session.simpleQuery('SELECT pg_catalog.pg_stat_force_next_flush()');
    const probe = (await this.#query(probeSql, open)).map((rows) =>
      rows.map((row) => row.map((v) => v ?? '')),
    );
    const [
      tableRows = [],
      callRows = [],
      [[settings = '', sequences = '', fingerprint = '', publicGone = 'f'] = []] = [],
    ] = probe;
    const counted = settings.startsWith('on') && !settings.endsWith('none');

    const fired: Record<string, number> = {};
    const calls = new Map(callRows.map(([name = '', count]) => [name, Number(count)]));
    for (const [name, count] of calls) {
      const delta = count - (this.#calls.get(name) ?? 0);
      if (delta > 0 && this.#ready) fired[name] = delta;
    }
    this.#calls = calls;

    const present = tableRows.filter(([, kind]) => kind === 'r' || kind === 'p');
    // Counters are exact only when every write of the run has reached them: outside a transaction.
    const exact = this.mode === 'counters' && counted && !open && this.#ready && !this.#sawUncommitted;
    this.#sawUncommitted = open;
    const stale = present.filter(([name = '', , shape, writes]) => {
      const known = this.#tables.get(name);
      return !exact || !known || known.shape !== shape || known.writes !== writes;
    });
    const before: Snapshot = {};
    const after: Snapshot = {};
    for (const [name, known] of this.#tables) before[name] = known.snapshot;
    const fresh = await this.#read(
      stale.map(([name = '']) => name),
      open,
    );
    const next = new Map<string, Known>();
    for (const [name = '', , shape = '', writes = ''] of present) {
      const snapshot = fresh[name] ?? this.#tables.get(name)?.snapshot;
      if (!snapshot) continue;
      next.set(name, { shape, writes, snapshot });
      after[name] = snapshot;
    }
    const writes = (map: Map<string, Known>) => [...map].map(([name, known]) => name + known.writes).join();
    const tablesWritten = !exact || writes(next) !== writes(this.#tables);
    this.#tables = next;

    const changes = this.#ready ? diffSnapshots(before, after) : [];
    const shape = `${fingerprint}|${tableRows.map((row) => row.slice(0, 3).join(':')).join(',')}`;
    const wrote = tablesWritten || sequences !== this.#sequences || shape !== this.#fingerprint;
    this.#sequences = sequences;
    const observation: Observation = { changes, fired, counted, wrote };
    if (publicGone === 't') observation.noPublicSchema = true;
    if (shape !== this.#fingerprint) {
      this.#fingerprint = shape;
      const [tables = [], triggers = []] = await this.#query(catalogSql, open);
      observation.catalog = parseCatalog(tables, triggers);
    }
    return observation;
  }

  /** Contents and primary keys of the named tables; a table too big to compare is counted. */
  async #read(names: string[], open: boolean): Promise<Snapshot> {
    if (names.length === 0) return {};
    const keys = `SELECT c.relname, string_agg(a.attname, ',' ORDER BY k.ord)
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE i.indisprimary AND c.relnamespace = pg_catalog.to_regnamespace('public')
  AND c.relname IN (${names.map(literal).join(', ')})
GROUP BY c.relname;`;
    const contents = names.map((name) => `SELECT * FROM ${quote(name)} LIMIT ${compareLimit + 1};`);
    const results = await this.#statements([keys, ...contents].join('\n'), open);
    const keyOf = new Map(
      (results[0]?.rows ?? []).map(([name, columns]) => [name, columns?.split(',') ?? []]),
    );
    const snapshot: Snapshot = {};
    const tooBig: string[] = [];
    for (const [index, name] of names.entries()) {
      const statement = results[index + 1];
      if (!statement) continue;
      const { columns, rows } = statement;
      const key = (keyOf.get(name) ?? []).map((column) => columns.indexOf(column));
      const big = rows.length > compareLimit;
      if (big) tooBig.push(name);
      snapshot[name] = {
        columns,
        key: key.filter((position) => position >= 0),
        rows: rows.slice(0, compareLimit),
        tooBig: big,
        count: rows.length,
      };
    }
    if (tooBig.length > 0) {
      const counts = await this.#query(
        tooBig.map((name) => `SELECT count(*) FROM ${quote(name)};`).join('\n'),
        open,
      );
      tooBig.forEach((name, index) => {
        const entry = snapshot[name];
        if (entry) entry.count = Number(counts[index]?.[0]?.[0] ?? entry.count);
      });
    }
    return snapshot;
  }

  async #query(sql: string, open: boolean): Promise<Row[][]> {
    return (await this.#statements(sql, open)).map((statement) => statement.rows);
  }

  /**
   * Runs the observer's own read-only SQL. Inside the learner's transaction it runs under a
   * savepoint, so that even if it failed, their transaction would carry on as before.
   */
  async #statements(sql: string, open: boolean): Promise<Reply['statements']> {
    if (!open) {
      const reply = await this.#session.simpleQuery(sql);
      if (reply.error) throw new Error(`observing the database failed: ${reply.error.message}`);
      return reply.statements;
    }
    const reply = await this.#session.simpleQuery(
      `SAVEPOINT cqrs_observer;\n${sql}\nRELEASE SAVEPOINT cqrs_observer;`,
    );
    if (reply.error) {
      await this.#session.simpleQuery(
        'ROLLBACK TO SAVEPOINT cqrs_observer; RELEASE SAVEPOINT cqrs_observer;',
      );
      throw new Error(`observing the database failed: ${reply.error.message}`);
    }
    return reply.statements.slice(1, -1);
  }
}
