import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeAll, expect, test } from 'vitest';
import { KeptFiles } from '../src/engine/KeptFiles';
import { serverSettings } from '../src/engine/openDatabase';
import { SavedStore } from '../src/engine/savedStore';
import { compactDump } from '../src/engine/stageSnapshots';
import { readTar } from '../src/engine/tarEntries';
import { freshDatabase } from './support/freshDatabase';
import { MemoryDirectory } from './support/memoryDirectory';

/** A lesson's start, made as the build makes one: a table with rows, compacted. */
let start: Blob;
beforeAll(async () => {
  const { db } = await freshDatabase();
  await db.exec(`
    CREATE TABLE users_0 (id int PRIMARY KEY, name text);
    INSERT INTO users_0 SELECT g, 'user ' || g FROM generate_series(1, 100) AS g;
    CREATE TABLE doomed (id int);
    INSERT INTO doomed VALUES (1);`);
  start = await compactDump(db);
  await db.close();
});

const open: PGlite[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) if (!db.closed) await db.close();
});

/** A PGlite over the kept files in `home`; `adopt` starts them from the lesson's start; `hold`: a spare. */
async function openKept(home: MemoryDirectory, adopt?: Blob, hold = false) {
  const stopped: string[] = [];
  const data = await home.getDirectoryHandle('pgdata', { create: true });
  const store = new SavedStore(home.handle, data.handle, {
    hold,
    stopped: (why) => stopped.push(why),
  });
  if (adopt) await store.adopt(adopt);
  const db = await PGlite.create({ fs: new KeptFiles(store), postgresqlconf: serverSettings });
  open.push(db);
  return { db, store, stopped };
}

const rows = async (db: PGlite, sql: string) =>
  (await db.query<unknown[]>(sql, [], { rowMode: 'array' })).rows;

test('a new kept database writes the lesson’s start as one archive, not file by file', async () => {
  const home = new MemoryDirectory();
  const { db } = await openKept(home, start);
  await db.query('SELECT 1');
  const files = readTar(
    new Uint8Array(
      await new Response(start.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer(),
    ),
  );
  const startFiles = files.filter((entry) => entry.kind === 'file').length;
  expect(home.paths()).toContain('/base.tar.gz');
  // What start-up changed (pg_control, the WAL segment…), not the start's hundreds of files.
  expect(home.paths().length).toBeLessThan(startFiles / 10);
  expect(startFiles).toBeGreaterThan(300);
});

test('what the learner did comes back from the archive and the files changed since: new tables, changed rows, a dropped table', async () => {
  const home = new MemoryDirectory();
  const first = await openKept(home, start);
  await first.db.exec(`
    UPDATE users_0 SET name = 'changed' WHERE id = 7;
    CREATE TABLE users_1 (id int);
    INSERT INTO users_1 VALUES (1), (2);
    DROP TABLE doomed;`);
  // A new file for the table, the archive's one removed.
  await first.db.exec('VACUUM FULL users_0');
  // Dropped files go at the next checkpoint: then they are listed as removed from the archive.
  await first.db.exec('CHECKPOINT');
  const removed = JSON.parse(await (await (await home.getFileHandle('removed.json')).getFile()).text());
  expect(removed.filter((path: string) => path.startsWith('/base/')).length).toBeGreaterThanOrEqual(2);
  await first.db.close();
  const again = await openKept(home);
  expect(await rows(again.db, `SELECT name FROM users_0 WHERE id = 7`)).toEqual([['changed']]);
  expect(await rows(again.db, 'SELECT count(*)::int FROM users_0')).toEqual([[100]]);
  expect(await rows(again.db, 'SELECT id FROM users_1 ORDER BY id')).toEqual([[1], [2]]);
  expect(await rows(again.db, `SELECT to_regclass('doomed')::text`)).toEqual([[null]]);
  expect(await rows(again.db, 'SELECT count(*)::int FROM pg_class WHERE relname = $$users_0$$')).toEqual([
    [1],
  ]);
  expect(again.stopped).toEqual([]);
});

test('a tab closed without shutting down comes back through crash recovery with every finished query', async () => {
  const home = new MemoryDirectory();
  const first = await openKept(home, start);
  await first.db.exec(`INSERT INTO users_0 VALUES (101, 'kept')`);
  // No close: the tab went away. The files are as the last query left them.
  open.splice(open.indexOf(first.db), 1);
  const again = await openKept(home);
  expect(await rows(again.db, 'SELECT name FROM users_0 WHERE id = 101')).toEqual([['kept']]);
});

test('a WAL segment of the start, removed by checkpoints, is listed as removed and stays gone', async () => {
  const home = new MemoryDirectory();
  const first = await openKept(home, start);
  const segment = async (db: PGlite) =>
    (await rows(db, 'SELECT pg_walfile_name(pg_current_wal_lsn())'))[0]?.[0];
  const startSegment = await segment(first.db);
  for (let round = 0; round < 3; round++) {
    await first.db.exec(
      `SET wal_recycle = off; INSERT INTO users_0 VALUES (${200 + round}, 'x'); SELECT pg_switch_wal(); CHECKPOINT;`,
    );
  }
  const removedFile = await (await home.getFileHandle('removed.json')).getFile();
  expect(JSON.parse(await removedFile.text())).toContain(`/pg_wal/${startSegment}`);
  await first.db.close();
  const again = await openKept(home);
  expect(await rows(again.db, 'SELECT count(*)::int FROM users_0 WHERE id >= 200')).toEqual([[3]]);
  const wal = await rows(again.db, `SELECT name FROM pg_ls_waldir() WHERE name = '${startSegment}'`);
  expect(wal).toEqual([]);
});

/** The kept files at every moment a tab could close while `sql`'s changes are written. */
async function closedAt(home: MemoryDirectory, db: PGlite, sql: string) {
  const moments: { before: string; files: MemoryDirectory }[] = [];
  home.stats.before = (before) => moments.push({ before, files: home.copy() });
  await db.exec(sql);
  delete home.stats.before;
  moments.push({ before: 'the end', files: home.copy() });
  return moments;
}

/**
 * What `probe` answers on the moments' files, reopened: the moments where it is not one of `allowed`.
 * Each reopening starts PostgreSQL, so `most` moments are tried, spread evenly, first and last included.
 */
async function wrongAt(
  moments: { before: string; files: MemoryDirectory }[],
  probe: string,
  allowed: unknown[],
  also: number[] = [],
  most = 10,
) {
  const wrong: string[] = [];
  const step = Math.max(1, (moments.length - 1) / (most - 1));
  const picked = new Set([
    ...Array.from({ length: Math.min(most, moments.length) }, (_, index) => Math.round(index * step)),
    ...also,
  ]);
  for (const { before, files } of moments.filter((_, index) => picked.has(index))) {
    let got: unknown;
    try {
      const again = await openKept(files);
      got = await rows(again.db, probe);
      await again.db.close();
    } catch (error) {
      got = `failed: ${(error as Error).message}`;
    }
    if (!allowed.some((one) => JSON.stringify(one) === JSON.stringify(got))) {
      wrong.push(`before ${before}: ${JSON.stringify(got)}`);
    }
  }
  return wrong;
}

test('a tab closed at any moment while a checkpoint writes files of the start for the first time loses nothing', async () => {
  const home = new MemoryDirectory();
  const { db } = await openKept(home, start);
  await db.exec(`UPDATE users_0 SET name = 'changed' WHERE id = 7`);
  const moments = await closedAt(home, db, 'CHECKPOINT');
  expect(moments.length).toBeGreaterThan(5);
  const probe = `SELECT count(*)::int, max(name) FILTER (WHERE id = 7) FROM users_0`;
  expect(await wrongAt(moments, probe, [[[100, 'changed']]])).toEqual([]);
});

test('a tab closed at any moment while a dropped database’s files go leaves it either there whole or gone', async () => {
  const home = new MemoryDirectory();
  const { db } = await openKept(home, start);
  await db.exec('CREATE DATABASE side TEMPLATE postgres');
  await db.exec('CHECKPOINT');
  const moments = await closedAt(home, db, 'DROP DATABASE side');
  const probe = `SELECT datname, pg_database_size(oid) > 0 FROM pg_database WHERE datname = 'side'`;
  // Also just before the WAL is written: no file of the database may be gone before the WAL that
  // records the drop is down.
  const wal = moments.findIndex((moment) => /^write [0-9A-F]{24}$/.test(moment.before));
  expect(wal).toBeGreaterThanOrEqual(0);
  expect(await wrongAt(moments, probe, [[], [['side', true]]], [wal])).toEqual([]);
});

test('a spare sees whether another engine wrote the kept files after it began to read them', async () => {
  const home = new MemoryDirectory();
  const first = await openKept(home, start);
  await first.db.query('SELECT 1');
  const spare = await openKept(home, undefined, true);
  expect(await rows(spare.db, 'SELECT count(*)::int FROM users_0')).toEqual([[100]]);
  expect(await spare.store.unchanged()).toBe(true);
  // The old engine finished its statement and saved it just as it was stopped.
  await first.db.exec(`INSERT INTO users_0 VALUES (500, 'late')`);
  expect(await spare.store.unchanged()).toBe(false);
});

test('a spare whose kept files are written while it reads them refuses them, so that a replacement reads them instead', async () => {
  const home = new MemoryDirectory();
  const first = await openKept(home, start);
  await first.db.query('SELECT 1');
  const data = await home.getDirectoryHandle('pgdata');
  const spare = new SavedStore(home.handle, data.handle, { hold: true, stopped: () => {} });
  const reading = spare.load()[Symbol.asyncIterator]();
  await reading.next();
  // The other engine's statement ends, and its changes are written, half-way through the reading.
  await first.db.exec(`INSERT INTO users_0 VALUES (600, 'meanwhile')`);
  const drain = async () => {
    for (let next = await reading.next(); !next.done; next = await reading.next());
  };
  await expect(drain()).rejects.toThrow('the kept files changed while they were being read');
});

test('a database kept before the archive layer, every file in the upper layer, opens and keeps working', async () => {
  const home = new MemoryDirectory();
  const data = await home.getDirectoryHandle('pgdata', { create: true });
  const store = new SavedStore(home.handle, data.handle, { hold: false, stopped: () => {} });
  const old = await PGlite.create({
    fs: new KeptFiles(store),
    loadDataDir: start,
    postgresqlconf: serverSettings,
  });
  await old.exec(`INSERT INTO users_0 VALUES (400, 'before')`);
  await old.close();
  expect(home.paths()).not.toContain('/base.tar.gz');
  const again = await openKept(home);
  await again.db.exec(`INSERT INTO users_0 VALUES (401, 'after')`);
  await again.db.close();
  const third = await openKept(home);
  expect(await rows(third.db, 'SELECT name FROM users_0 WHERE id >= 400 ORDER BY id')).toEqual([
    ['before'],
    ['after'],
  ]);
});

test('when the storage refuses a write, saving stops and says why, and the database carries on', async () => {
  const home = new MemoryDirectory();
  const { db, store, stopped } = await openKept(home, start);
  home.stats.refuse = 'QuotaExceededError';
  await db.exec(`INSERT INTO users_0 VALUES (300, 'in memory')`);
  expect(stopped).toEqual(['the browser’s storage for this site is full']);
  expect(store.failed).toBe('the browser’s storage for this site is full');
  expect(await rows(db, 'SELECT name FROM users_0 WHERE id = 300')).toEqual([['in memory']]);
});

test('an archive that is not one is refused before anything is kept', async () => {
  const home = new MemoryDirectory();
  const data = await home.getDirectoryHandle('pgdata', { create: true });
  const store = new SavedStore(home.handle, data.handle, { hold: false, stopped: () => {} });
  await expect(store.adopt(new Blob([new Uint8Array(2048).fill(7)]))).rejects.toThrow(/damaged/);
  expect(home.paths()).toEqual([]);
});
