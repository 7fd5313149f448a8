/// <reference lib="webworker" />
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import initdbUrl from '@electric-sql/pglite/initdb.wasm?url';
import dataUrl from '@electric-sql/pglite/pglite.data?url';
import wasmUrl from '@electric-sql/pglite/pglite.wasm?url';
import { describeError } from './describeError';
import { downloadProgress, type Progress } from './downloadProgress';
import { downloadEngine, downloadInitdb, dropOldCaches, type EngineFiles, loadSnapshot } from './engineFiles';
import { type OpenDatabase, openDatabase } from './openDatabase';
import type { EngineRequest } from './protocol';
import { claimSaved, type Prepared, type Saving, type TakeOver } from './savedDatabase';

type OpenRequest = Extract<EngineRequest, { type: 'open' }>;

/** How copies of the lesson's start are made (an exercise's check, the scale demo): never kept. */
export interface Opening {
  create: (options?: PGliteOptions) => Promise<PGlite>;
  /** The lesson's start, downloaded on first need when the kept database made it unnecessary. */
  snapshot: () => Promise<Blob | undefined>;
  setup: string[];
}

export interface OpenedLesson {
  database: OpenDatabase;
  opening: Opening;
  saving: Saving;
  /** A kept database that would not open, started afresh instead: why. */
  lost?: string;
  /** For a spare: take over the kept database once the engine it replaces is gone. */
  takeOver?: () => TakeOver;
}

/**
 * Opens the learner's database: the kept one when there is one of this lesson's version (no
 * snapshot to download then), otherwise the lesson's start, kept from now on where the browser
 * can. Downloads PostgreSQL's files with progress counted against a total known from the start.
 */
export async function openLesson(
  request: OpenRequest,
  progress: Progress,
  savingStopped: (saving: Saving) => void,
): Promise<OpenedLesson> {
  const files: EngineFiles = {
    wasm: { url: wasmUrl, bytes: request.sizes.wasm },
    data: { url: dataUrl, bytes: request.sizes.data },
    initdb: { url: initdbUrl },
    snapshot: { url: request.snapshotUrl, bytes: request.sizes.snapshot },
    cache: request.cache,
  };
  void dropOldCaches(request.cache);
  const home = request.save
    ? await claimSaved(request.save, (why) => savingStopped({ kept: false, why: `saving stopped: ${why}` }))
    : ({ kept: false, why: 'this page does not keep its database' } as const);
  const kept = 'prepare' in home ? await home.prepare(request.save?.fresh ?? false) : undefined;
  const engine = await downloadEngine(files, downloadProgress(progress), !kept?.resume);
  const create = async (options?: PGliteOptions, fs?: Prepared['fs']) =>
    PGlite.create({
      ...options,
      ...(fs ? { fs } : {}),
      // PGlite loads the initdb module even with a snapshot; from our cache it costs no download.
      initdbWasmModule: await downloadInitdb(files),
      pgliteWasmModule: engine.wasm,
      fsBundle: engine.data,
    });
  let snapshotted: Promise<Blob | undefined> | undefined;
  const snapshot = () => {
    snapshotted ??= engine.snapshot
      ? Promise.resolve(engine.snapshot)
      : loadSnapshot(files, downloadProgress(progress));
    return snapshotted;
  };
  const options = {
    setup: request.setup,
    replay: request.replay,
    ...(request.observe ? { observe: request.observe } : {}),
    progress,
  };
  let lost: string | undefined;
  let prepared = kept;
  let database: OpenDatabase | undefined;
  if (prepared?.resume) {
    const resumed = prepared;
    database = await openDatabase((o) => create(o, resumed.fs), {
      ...options,
      snapshot,
      existing: 'kept',
    }).catch((error: unknown) => {
      lost = describeError(error);
      return undefined;
    });
    if (!database && 'prepare' in home) prepared = await home.prepare(true);
  }
  if (!database && prepared && !prepared.resume) {
    // A new kept database starts as the lesson's start, kept as one archive (see KeptLayers).
    const adopting = prepared;
    const start = await snapshot();
    if (start && (await adopting.adopt(start))) {
      database = await openDatabase((o) => create(o, adopting.fs), {
        ...options,
        snapshot,
        existing: 'start',
      }).catch(() => undefined);
      if (!database && 'prepare' in home) prepared = await home.prepare(true);
    }
  }
  const fresh = prepared;
  database ??= await openDatabase((o) => create(o, fresh?.fs), { ...options, snapshot });
  const saving: Saving = fresh ? await fresh.opened() : { kept: false, why: notKept(home) };
  const opening: Opening = { create: (o) => create(o), snapshot, setup: request.setup };
  return {
    database,
    opening,
    saving,
    ...(lost ? { lost } : {}),
    ...(request.save?.role === 'spare' && fresh ? { takeOver: () => fresh.takeOver() } : {}),
  };
}

function notKept(home: { kept: false; why: string } | object): string {
  return 'why' in home && typeof home.why === 'string' ? home.why : 'there is no saved database to read';
}
