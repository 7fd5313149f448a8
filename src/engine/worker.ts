/// <reference lib="webworker" />
import { PGlite } from '@electric-sql/pglite';
import { execute } from './execute';
import { pgliteSession } from './pgliteSession';
import type { EngineRequest, EngineResponse } from './protocol';
import { run } from './run';
import type { Session } from './types';

// A thin adapter: everything it does is `run`/`execute`, which the Node tests use directly.
declare const self: DedicatedWorkerGlobalScope;
let session: Session | undefined;

const post = (message: EngineResponse) => self.postMessage(message);

async function open(request: Extract<EngineRequest, { type: 'open' }>) {
  const started = performance.now();
  let db: PGlite;
  let fromDump = true;
  try {
    post({ type: 'progress', id: request.id, message: 'Loading PostgreSQL…' } satisfies EngineResponse);
    const response = await fetch(request.dataDirUrl);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    db = await PGlite.create({ loadDataDir: await response.blob() });
  } catch {
    fromDump = false;
    post({
      type: 'progress',
      id: request.id,
      message: 'Creating a new database (slower)…',
    } satisfies EngineResponse);
    db = await PGlite.create();
  }
  session = pgliteSession(db);
  if (request.setup.length > 0) {
    const message = `Restoring the lesson's database (${request.setup.length} statements)…`;
    post({ type: 'progress', id: request.id, message } satisfies EngineResponse);
  }
  for (const sql of request.setup) await run(session, sql);
  post({
    type: 'opened',
    id: request.id,
    ms: performance.now() - started,
    fromDump,
  } satisfies EngineResponse);
}

async function schema(id: number) {
  if (!session) throw new Error('The database is not open yet.');
  const result = await run(
    session,
    `SELECT c.relname, a.attname FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v')
     ORDER BY c.relname, a.attnum`,
  );
  const tables: Record<string, string[]> = {};
  for (const [table, column] of result.ok ? (result.statements[0]?.rows ?? []) : []) {
    if (table && column) tables[table] = [...(tables[table] ?? []), column];
  }
  post({ type: 'schema', id, tables } satisfies EngineResponse);
}

self.onmessage = async (event: MessageEvent<EngineRequest>) => {
  const request = event.data;
  try {
    if (request.type === 'open') await open(request);
    else if (request.type === 'schema') await schema(request.id);
    else {
      if (!session) throw new Error('The database is not open yet.');
      const outcome = await execute(session, request.sql, request);
      post({ type: 'ran', id: request.id, outcome } satisfies EngineResponse);
    }
  } catch (error) {
    post({
      type: 'failed',
      id: request.id,
      message: (error as Error).message ?? String(error),
    } satisfies EngineResponse);
  }
};
