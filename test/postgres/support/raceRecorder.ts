import type pg from 'pg';
import { pgSession } from '../../../src/engine/pgSession';
import { run } from '../../../src/engine/run';
import type { RaceEvent, Recording } from '../../../src/lesson/recording';
import type { Race } from '../../../src/lesson/types';
import { applyLessons } from '../../support/replayCourse';
import { course } from './courseAt';
import { scratchDatabase } from './scratchDatabase';

/** Long enough for an unblocked session to finish before the next action starts. */
const settleMs = 150;
/** How often the sessions are looked at: often enough to see a wait of a few tens of milliseconds. */
const pollMs = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Pending {
  action: number;
  lane: string;
  /** How it ended, once it has: written down by the recorder in causal order, not as it arrives. */
  ended?: RaceEvent;
  written: boolean;
  waiting: boolean;
  promise: Promise<void>;
}

/**
 * Runs a race on a real server and writes down what happened: each action's start and end (its
 * outcome), and when it waited, for which lock and behind which lane. Each lane is a session of its
 * own; an action that waits for a lock lets the next lane's action go on.
 */
export async function recordRace(race: Race, server: string): Promise<Recording> {
  const db = await scratchDatabase();
  const lesson = course.lessons.find((item) => item.slug === race.lesson);
  if (!lesson) throw new Error(`no lesson ${race.lesson}`);
  await applyLessons(
    db.session,
    course.lessons.filter((item) => item.order < lesson.order || (race.at === 'end' && item === lesson)),
  );
  const clients = new Map<string, pg.Client>();
  const pids = new Map<number, string>();
  for (const lane of Object.keys(race.lanes)) {
    const client = await db.connect();
    clients.set(lane, client);
    pids.set(
      Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid),
      lane,
    );
  }
  const observer = await db.connect();
  const started = performance.now();
  const events: RaceEvent[] = [];
  const at = () => Math.round((performance.now() - started) * 10) / 10;
  const pending: Pending[] = [];

  /** Is the lane's session waiting for a lock? What for, and behind whom, if so. */
  const waitOf = async (lane: string) => {
    const pid = [...pids].find(([, name]) => name === lane)?.[0];
    const { rows } = await observer.query<{ wait: string | null; lock: string | null; holders: number[] }>(
      `SELECT a.wait_event_type AS wait,
              (SELECT coalesce(l.relation::regclass::text || ': ' || l.mode, 'a row another session is writing')
               FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted LIMIT 1) AS lock,
              pg_blocking_pids(a.pid) AS holders
       FROM pg_stat_activity a WHERE a.pid = $1`,
      [pid],
    );
    const row = rows[0];
    if (row?.wait !== 'Lock') return undefined;
    return {
      lock: row.lock ?? 'a lock',
      holders: row.holders.map((holder) => pids.get(holder) ?? 'another session').sort(),
    };
  };

  /**
   * Writes down what changed since the last look: actions that ended, in the order they ended, then
   * actions that now wait. Returns whether anything had changed.
   */
  const look = async () => {
    const ended = pending
      .filter((item) => item.ended && !item.written)
      .sort((a, b) => (a.ended?.at ?? 0) - (b.ended?.at ?? 0));
    for (const item of ended) {
      item.written = true;
      if (item.ended) events.push(item.ended);
    }
    let waits = 0;
    for (const item of pending.filter((entry) => !entry.ended && !entry.waiting)) {
      const wait = await waitOf(item.lane);
      if (wait) {
        item.waiting = true;
        waits += 1;
        events.push({ at: at(), lane: item.lane, action: item.action, kind: 'wait', ...wait });
      }
    }
    return ended.length + waits > 0;
  };

  /** Looks often until nothing has changed for a while: what a finished action set free has run. */
  const settle = async () => {
    let quiet = 0;
    while (quiet < settleMs) {
      await sleep(pollMs);
      quiet = (await look()) ? 0 : quiet + pollMs;
    }
  };

  for (const [index, action] of race.actions.entries()) {
    // A session does one thing at a time; and an action may wait for another lane on purpose.
    for (const lane of [action.lane, ...(action.waitFor ? [action.waitFor] : [])]) {
      for (const item of pending.filter((entry) => entry.lane === lane && !entry.ended)) {
        await item.promise;
        await settle();
      }
    }
    const client = clients.get(action.lane);
    if (!client) throw new Error(`no lane ${action.lane}`);
    events.push({ at: at(), lane: action.lane, action: index, kind: 'start' });
    const item: Pending = {
      action: index,
      lane: action.lane,
      written: false,
      waiting: false,
      promise: Promise.resolve(),
    };
    item.promise = run(pgSession(client), action.sql).then((result) => {
      item.ended = result.ok
        ? {
            at: at(),
            lane: action.lane,
            action: index,
            kind: 'end',
            outcome: 'ok',
            tag: result.statements.at(-1)?.command ?? '',
          }
        : {
            at: at(),
            lane: action.lane,
            action: index,
            kind: 'end',
            outcome: result.error.code,
            message: result.error.message,
          };
    });
    pending.push(item);
    await settle();
  }
  for (const item of pending) {
    await item.promise;
    await settle();
  }
  const endResult = await run(db.session, race.end);
  const last = endResult.ok ? endResult.statements.at(-1) : undefined;
  await db.close();
  return {
    id: race.id,
    server,
    events,
    end: { columns: last?.columns ?? [], rows: last?.rows ?? [] },
  };
}
