import type { RaceEvent, Recording } from '../lesson/recording';
import type { Race } from '../lesson/types';

/** One action on its lane: when it ran, when it waited and for what, and how it ended. */
export interface Bar {
  lane: string;
  action: number;
  start: number;
  end: number;
  /** From when it waited, for which lock, behind whom. */
  wait?: { from: number; lock: string; holders: string[] };
  /** "ok" or a SQLSTATE. */
  outcome: string;
  /** The last command's tag, or PostgreSQL's message. */
  said: string;
  /** The first line of its SQL, for the label. */
  what: string;
  /** Which moments start it, make it wait and end it: a timeline stepped to moment k shows what came before. */
  moments: { start: number; wait?: number; end?: number };
}

/** One event, said in words, in the order it happened: what ← and → step through. */
export interface Moment {
  at: number;
  lane: string;
  text: string;
}

export interface Timeline {
  id: string;
  title: string;
  server: string;
  lanes: { id: string; label: string }[];
  bars: Bar[];
  moments: Moment[];
  duration: number;
}

/** The line that says what an action does: not BEGIN, a setting or a comment, when there is more. */
const firstLine = (sql: string) =>
  sql
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line && !line.startsWith('--') && !/^(BEGIN|SET)\b/i.test(line)) ?? sql.trim();

/** Says an event as a sentence: who did what, waited for what, and how it ended. */
function momentOf(race: Race, event: RaceEvent): Moment {
  const who = race.lanes[event.lane] ?? event.lane;
  const action = race.actions[event.action];
  const what =
    action?.from.startsWith('step') || action?.from.startsWith('the reference')
      ? action.from
      : firstLine(action?.sql ?? '');
  const holders = (names: string[]) =>
    names.map((name) => (race.lanes[name] ?? name).toLowerCase()).join(' and ');
  const text =
    event.kind === 'start'
      ? `${who} runs ${what}`
      : event.kind === 'wait'
        ? `${who} waits for ${event.lock}, held by ${holders(event.holders)}`
        : 'tag' in event
          ? `${who}: ${event.tag || 'done'}`
          : `${who} fails with ${event.outcome}: ${event.message}`;
  return { at: event.at, lane: event.lane, text };
}

/** A race as lanes of bars and a list of moments, from one of its recordings. */
export function timelineOf(race: Race, recording: Recording): Timeline {
  const bars: Bar[] = [];
  for (const [index, event] of recording.events.entries()) {
    if (event.kind === 'start') {
      bars.push({
        moments: { start: index },
        lane: event.lane,
        action: event.action,
        start: event.at,
        end: event.at,
        outcome: '',
        said: '',
        what: firstLine(race.actions[event.action]?.sql ?? ''),
      });
      continue;
    }
    const bar = bars.find((item) => item.action === event.action);
    if (!bar) continue;
    if (event.kind === 'wait') {
      bar.wait = { from: event.at, lock: event.lock, holders: event.holders };
      bar.moments.wait = index;
    } else {
      bar.end = event.at;
      bar.moments.end = index;
      bar.outcome = event.outcome;
      bar.said = 'tag' in event ? event.tag : 'message' in event ? event.message : '';
    }
  }
  return {
    id: race.id,
    title: race.title,
    server: recording.server,
    lanes: Object.entries(race.lanes).map(([id, label]) => ({ id, label })),
    bars,
    moments: recording.events.map((event) => momentOf(race, event)),
    duration: Math.max(1, ...recording.events.map((event) => event.at)),
  };
}
