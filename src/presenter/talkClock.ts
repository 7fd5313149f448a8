/**
 * The talk's clock: when the talk began and when each stage (lesson) began, kept in the browser's
 * storage so that jumping between lessons, reloading or opening another window never restarts it.
 */
export interface Talk {
  started: number;
  /** The stages in the order they were presented; the last is the one on now. */
  laps: { lesson: string; started: number }[];
}

/** A clock left this long is from another day's talk: the next one starts afresh. */
export const staleAfterMs = 6 * 60 * 60 * 1000;
const storageKey = 'cqrs-in-postgres:presenter-talk';

export function newTalk(lesson: string, now: number): Talk {
  return { started: now, laps: [{ lesson, started: now }] };
}

/** The talk once `lesson` is on screen: a new lap if the stage changed, else as it was. */
export function enterLesson(talk: Talk | undefined, lesson: string, now: number): Talk {
  if (!talk || now - talk.started > staleAfterMs || now < talk.started) return newTalk(lesson, now);
  if (talk.laps.at(-1)?.lesson === lesson) return talk;
  return { ...talk, laps: [...talk.laps, { lesson, started: now }] };
}

/** The whole talk's time and this stage's, in ms. */
export function elapsed(talk: Talk, now: number): { total: number; lap: number } {
  const lap = talk.laps.at(-1)?.started ?? talk.started;
  return { total: Math.max(0, now - talk.started), lap: Math.max(0, now - lap) };
}

/** Each finished stage with how long it took, in the order presented. */
export function finishedLaps(talk: Talk): { lesson: string; ms: number }[] {
  return talk.laps.slice(0, -1).map((lap, index) => ({
    lesson: lap.lesson,
    ms: (talk.laps[index + 1]?.started ?? lap.started) - lap.started,
  }));
}

/** 04:05, or 1:02:03 past the hour. */
export function clockText(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(seconds / 3600);
  const rest = `${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
  return hours > 0 ? `${hours}:${rest}` : rest;
}

/** A talk read back from storage; anything malformed is no talk. */
export function parseTalk(text: string | null): Talk | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Talk>;
    const laps = Array.isArray(value.laps) ? value.laps : [];
    const valid =
      typeof value.started === 'number' &&
      laps.length > 0 &&
      laps.every((lap) => typeof lap?.lesson === 'string' && typeof lap?.started === 'number');
    return valid ? { started: value.started as number, laps } : undefined;
  } catch {
    return undefined;
  }
}

/** Storage that may refuse (private windows, blocked storage): then the clock lasts as long as the page. */
export class TalkStore {
  #memory: Talk | undefined;

  read(): Talk | undefined {
    try {
      return parseTalk(localStorage.getItem(storageKey)) ?? this.#memory;
    } catch {
      return this.#memory;
    }
  }

  write(talk: Talk): void {
    this.#memory = talk;
    try {
      localStorage.setItem(storageKey, JSON.stringify(talk));
    } catch {
      // Kept in memory only.
    }
  }
}
