import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execute } from '../src/engine/execute';
import { judge } from '../src/engine/judge';
import { Observer } from '../src/engine/Observer';
import { serverSettings } from '../src/engine/openDatabase';
import type { Session } from '../src/engine/types';
import { loadCourse } from '../src/lesson/loadCourse';
import { interludeData, nextRace } from '../src/presenter/interlude';
import { type KeyLike, type Limits, noPrompt, type Prompt, parseLines, press } from '../src/presenter/keys';
import { positionHash, readPosition } from '../src/presenter/position';
import { back, close, forward, goTo, ranUpTo, reset, start, zoomBy } from '../src/presenter/presentation';
import { describeChange, reportOf } from '../src/presenter/report';
import {
  baseSize,
  diagramNarrowest,
  diagramScale,
  evidenceLayout,
  minimumText,
  pageTarget,
  revealTarget,
  scrollTarget,
  textEm,
} from '../src/presenter/slideLayout';
import {
  clockText,
  elapsed,
  enterLesson,
  finishedLaps,
  parseTalk,
  staleAfterMs,
} from '../src/presenter/talkClock';
import { freshDatabase } from './support/freshDatabase';

const course = loadCourse();
const limits: Limits = { lessons: 7, steps: 13, lines: 32 };
const key = (k: string, extra: Partial<KeyLike> = {}): KeyLike => ({ key: k, ...extra });

/** Presses keys in order from no question pending; returns the commands and the question left. */
function typeKeys(keys: string[], at: Limits = limits) {
  let prompt: Prompt = noPrompt;
  const commands = [];
  for (const k of keys) {
    const result = press(prompt, key(k), at);
    prompt = result.prompt;
    if (result.command) commands.push(result.command);
  }
  return { commands, prompt };
}

describe('presenter keys', () => {
  test('map arrows, page keys, a clicker, letters and the lesson numbers that exist to commands', () => {
    const keys = [
      'ArrowRight',
      'ArrowLeft',
      ' ',
      'PageDown',
      'PageUp',
      'ArrowDown',
      'ArrowUp',
      'D',
      't',
      'V',
      'b',
      '.',
    ];
    expect(keys.map((k) => press(noPrompt, key(k), limits).command)).toEqual([
      { kind: 'forward' },
      { kind: 'back' },
      { kind: 'page', by: 1 },
      { kind: 'page', by: 1 },
      { kind: 'page', by: -1 },
      { kind: 'scroll', by: 1 },
      { kind: 'scroll', by: -1 },
      { kind: 'diagram' },
      { kind: 'race' },
      { kind: 'versions' },
      { kind: 'blank' },
      { kind: 'blank' },
    ]);
    expect(
      ['+', '=', '-', '0', '?', 'Escape', '3', '8', 'x'].map((k) => press(noPrompt, key(k), limits).command),
    ).toEqual([
      { kind: 'zoom', by: 1 },
      { kind: 'zoom', by: 1 },
      { kind: 'zoom', by: -1 },
      { kind: 'zoom', by: 0 },
      { kind: 'help' },
      { kind: 'close' },
      { kind: 'lesson', number: 3 },
      null,
      null,
    ]);
    expect(press(noPrompt, key(' ', { shiftKey: true }), limits).command).toEqual({ kind: 'page', by: -1 });
  });

  test('leave keys alone while typing and with modifier keys, so browser shortcuts still work', () => {
    for (const event of [
      key('r', { typing: true }),
      key('r', { ctrlKey: true }),
      key('+', { ctrlKey: true }),
      key('ArrowLeft', { altKey: true }),
      key('ArrowRight', { metaKey: true }),
    ]) {
      expect(press(noPrompt, event, limits)).toEqual({ prompt: noPrompt, command: null, used: false });
    }
  });

  test('R only asks; Enter then resets, and any other key keeps the database', () => {
    expect(typeKeys(['r'])).toEqual({ commands: [], prompt: { kind: 'reset' } });
    expect(typeKeys(['R', 'Enter'])).toEqual({ commands: [{ kind: 'reset' }], prompt: noPrompt });
    expect(typeKeys(['r', 'Escape'])).toEqual({ commands: [], prompt: noPrompt });
    // A → pressed by habit answers "no" and does not also move on.
    expect(typeKeys(['r', 'ArrowRight'])).toEqual({ commands: [], prompt: noPrompt });
  });

  test('g then a number goes to that step, at once when no further digit could follow', () => {
    expect(typeKeys(['g', '8']).commands).toEqual([{ kind: 'goto', step: 8 }]);
    expect(typeKeys(['g', '1'])).toEqual({ commands: [], prompt: { kind: 'goto', typed: '1' } });
    expect(typeKeys(['g', '1', 'Enter']).commands).toEqual([{ kind: 'goto', step: 1 }]);
    expect(typeKeys(['g', '1', '2']).commands).toEqual([{ kind: 'goto', step: 12 }]);
    expect(typeKeys(['g', '1', 'Backspace', '9']).commands).toEqual([{ kind: 'goto', step: 9 }]);
    // No step 0, and none past the last: the question goes, nothing moves.
    expect(typeKeys(['g', '0', 'Enter'])).toEqual({ commands: [], prompt: noPrompt });
    expect(typeKeys(['g', '1', '9'])).toEqual({ commands: [], prompt: noPrompt });
    expect(typeKeys(['g', 'Escape', '3']).commands).toEqual([{ kind: 'lesson', number: 3 }]);
    expect(typeKeys(['g', '5'], { ...limits, steps: 9 }).commands).toEqual([{ kind: 'goto', step: 5 }]);
  });

  test('l then a line or a range points at it, and l Enter alone stops pointing', () => {
    expect(typeKeys(['l', '3', 'Enter']).commands).toEqual([
      { kind: 'highlight', lines: { from: 3, to: 3 } },
    ]);
    expect(typeKeys(['l', '1', '2', '-', '7', 'Enter']).commands).toEqual([
      { kind: 'highlight', lines: { from: 7, to: 12 } },
    ]);
    expect(typeKeys(['l', 'Enter']).commands).toEqual([{ kind: 'highlight', lines: null }]);
    expect(typeKeys(['l', '9', '9', 'Enter'])).toEqual({ commands: [], prompt: noPrompt });
    expect(parseLines('0', 5)).toBeUndefined();
    expect(parseLines('2-', 5)).toBeUndefined();
    expect(parseLines('5-5', 5)).toEqual({ from: 5, to: 5 });
  });
});

describe('a presentation', () => {
  test('runs a step on the first forward, moves on at the second, and stops at the end', () => {
    let state = start(2);
    expect(forward(state).action).toBe('run');
    state = ranUpTo(state, 0);
    const next = forward(state);
    expect(next).toMatchObject({ action: 'next', state: { index: 1 } });
    state = ranUpTo(next.state, 1);
    expect(forward(state).action).toBe('end');
    expect(back(state).index).toBe(0);
    expect(back(back(state)).index).toBe(0);
    expect(reset(state)).toEqual(start(2));
  });

  test('goes to a step with every step before it to replay, and stops pointing when the step changes', () => {
    const state = { ...start(5), lines: { from: 1, to: 2 } };
    expect(goTo(state, 3)).toEqual({ state: { ...state, index: 3, lines: null }, replayBefore: 3 });
    expect(goTo(state, 99).state.index).toBe(4);
    expect(goTo(state, 0)).toEqual({ state, replayBefore: 0 });
  });

  test('zooms through fixed levels, back to 1 with 0, and Esc unblanks before it stops pointing', () => {
    const state = start(1);
    expect(zoomBy(state, 1).zoom).toBe(1.15);
    expect(zoomBy(zoomBy(state, 1), 1).zoom).toBe(1.3);
    expect(zoomBy(state, -1).zoom).toBe(0.9);
    expect(zoomBy(zoomBy(zoomBy(state, -1), -1), -1).zoom).toBe(0.8);
    expect(zoomBy(zoomBy(state, 1), 0).zoom).toBe(1);
    const both = { ...state, blank: true, lines: { from: 1, to: 1 } };
    expect(close(both)).toEqual({ ...both, blank: false });
    expect(close(close(both))).toEqual({ ...both, blank: false, lines: null });
  });
});

describe('the position in the URL', () => {
  const ids = ['begin', 'create-users-2', 'commit'];

  test('round-trips the step and whether it ran', () => {
    for (const position of [
      { index: 0, ran: false },
      { index: 2, ran: true },
    ]) {
      expect(readPosition(positionHash(position), ids)).toEqual(position);
    }
    expect(positionHash({ index: 7, ran: false })).toBe('#step=8');
  });

  test("takes a lesson page's step anchor, and ignores what names no step", () => {
    expect(readPosition('#step-create-users-2', ids)).toEqual({ index: 1, ran: false });
    for (const hash of ['', '#', '#step=0', '#step=4', '#step=x', '#step-nope', '#main']) {
      expect(readPosition(hash, ids), hash).toBeNull();
    }
  });
});

describe('a slide', () => {
  test('keeps the short steps as they were at 1280×720 and never sets SQL below 18 px at 1024×768 or smaller', () => {
    expect(baseSize(1280, 720)).toBe(30);
    for (const [width, height] of [
      [1024, 768],
      [853, 480],
      [640, 360],
    ] as const) {
      expect(baseSize(width, height) * textEm).toBeGreaterThanOrEqual(minimumText);
    }
    expect(baseSize(1920, 1080)).toBe(40);
    expect(baseSize(1280, 720, 1.5)).toBe(45);
  });

  test('puts the diagram beside the result at 1280 and below it at 1024, always wide enough for 18 px labels', () => {
    const wide = evidenceLayout(1225, baseSize(1280, 720));
    const narrow = evidenceLayout(969, baseSize(1024, 768));
    expect(wide.arrangement).toBe('beside');
    expect(narrow).toEqual({ arrangement: 'stacked', diagramWidth: 969 });
    for (const { diagramWidth } of [wide, narrow])
      expect(diagramWidth / diagramScale).toBeGreaterThanOrEqual(diagramNarrowest);
    expect(10 * diagramScale).toBeGreaterThanOrEqual(minimumText);
  });

  test('pages at line boundaries: the line cut at the bottom starts the next page, and the end gives way to the next step', () => {
    const tops = Array.from({ length: 40 }, (_, line) => 100 + line * 30);
    const view = { top: 0, height: 600, total: 1400 };
    // Lines start at 100, 130, …, 580: the last to start on this page, 580, starts the next.
    expect(pageTarget(view, tops, 1)).toBe(580);
    expect(pageTarget({ ...view, top: 580 }, tops, 1)).toBe(800);
    expect(pageTarget({ ...view, top: 800 }, tops, 1)).toBeNull();
    expect(pageTarget({ ...view, top: 800 }, tops, -1)).toBe(220);
    expect(pageTarget({ ...view, top: 220 }, tops, -1)).toBe(0);
    expect(pageTarget(view, tops, -1)).toBeNull();
    // A block taller than the screen with no line inside still moves by most of a screen.
    expect(pageTarget({ top: 0, height: 600, total: 3000 }, [0, 2000], 1)).toBe(540);
    expect(scrollTarget(view, 1, 30)).toBe(90);
    expect(scrollTarget(view, -1, 30)).toBe(0);
  });

  test('reveals a result below the screen by the least scroll, and shows the start of one taller than the screen', () => {
    const view = { top: 0, height: 600, total: 2000 };
    expect(revealTarget(view, 100, 500)).toBe(0);
    expect(revealTarget(view, 700, 900)).toBe(312);
    expect(revealTarget(view, 700, 1500)).toBe(688);
    expect(revealTarget({ ...view, top: 800 }, 300, 400)).toBe(288);
  });
});

describe("a step's report", () => {
  let db: PGlite;
  let session: Session;
  beforeAll(async () => {
    ({ db, session } = await freshDatabase({ postgresqlconf: serverSettings }));
  });
  afterAll(() => db?.close());

  test('gives the verdict, the rows and one line per table the run changed, from a real run', async () => {
    const minimal = course.lessons.find((lesson) => lesson.slug === 'minimal-schema');
    const steps = minimal?.steps ?? [];
    const register = steps.findIndex((step) => step.title === 'Register foo');
    for (const step of steps.slice(0, register)) await execute(session, step.sql);
    const observer = new Observer(session);
    await observer.baseline();
    const step = steps[register];
    if (!step) throw new Error('no "Register foo" step');
    const outcome = await execute(session, step.sql);
    const { changes } = await observer.observe(outcome.result.transaction);
    const report = reportOf(outcome, judge(step.expect, outcome.result), changes);
    expect(report).toEqual({
      verdict: { pass: true, message: 'Returned the expected 1 row.' },
      rows: { command: 'INSERT 0 1', columns: ['id'], rows: [['0']], more: 0 },
      changes: [
        { table: 'user_registered_0', what: '+1 row' },
        { table: 'users_0', what: '+1 row' },
      ],
    });
    // Plain data: it crosses to the speaker window as it is.
    expect(structuredClone(report)).toEqual(report);
  });

  test('says what happened to a table in a few words, counting when rows could not be compared', () => {
    const base = { table: 't', columns: [], added: [], removed: [], changed: [] };
    expect(describeChange({ ...base, kind: 'created' })).toBe('created');
    expect(describeChange({ ...base, kind: 'changed', added: [['1'], ['2']], removed: [['3']] })).toBe(
      '+2 rows, −1 row',
    );
    expect(describeChange({ ...base, kind: 'changed', countDelta: 5000 })).toBe('+5,000 rows');
  });
});

describe("the talk's clock", () => {
  const minute = 60_000;

  test('counts the whole talk across lessons and reloads, with a lap per stage', () => {
    let talk = enterLesson(undefined, 'usernames', 0);
    talk = enterLesson(talk, 'usernames', 5 * minute);
    expect(talk.laps).toHaveLength(1);
    talk = enterLesson(talk, 'passwords', 12 * minute);
    expect(elapsed(talk, 20 * minute)).toEqual({ total: 20 * minute, lap: 8 * minute });
    expect(finishedLaps(talk)).toEqual([{ lesson: 'usernames', ms: 12 * minute }]);
    // Stored and read back, as a reload does.
    expect(parseTalk(JSON.stringify(talk))).toEqual(talk);
  });

  test('starts afresh after a long break, and ignores a clock it cannot read', () => {
    const old = enterLesson(undefined, 'usernames', 0);
    expect(enterLesson(old, 'usernames', staleAfterMs + 1).started).toBe(staleAfterMs + 1);
    for (const text of [null, '', '{', '{"started":1}', '{"started":"x","laps":[]}']) {
      expect(parseTalk(text), String(text)).toBeUndefined();
    }
    expect(clockText(65_000)).toBe('01:05');
    expect(clockText(3_725_000)).toBe('1:02:05');
  });
});

describe('speaker notes', () => {
  test('every step of every stage has notes for the presenter', () => {
    const missing = course.lessons.flatMap((lesson) =>
      lesson.steps
        .filter((step) => !step.notes?.trim())
        .map((step) => `${lesson.file}: step ${step.number} "${step.title}"`),
    );
    expect(missing).toEqual([]);
  });
});

describe('interludes: races and code versions on the whole slide', () => {
  const usernames = course.lessons.find((lesson) => lesson.slug === 'usernames');
  const data = usernames ? interludeData(usernames, course) : { races: [], tries: [] };

  test("lists a lesson's races after the step each follows, and its tries as the SQL each server sends", () => {
    expect(data.races.map((race) => race.id)).toEqual(
      usernames?.blocks.flatMap((block) => (block.kind === 'race' ? [block.id] : [])),
    );
    // The first race comes before any step, the others later in the lesson.
    expect(data.races[0]?.afterStep).toBe(0);
    expect(data.races.at(-1)?.afterStep).toBeGreaterThan(0);
    expect(data.tries).toHaveLength(usernames?.versions?.scenarios.length ?? -1);
    // The course's replay (test/support/replayCourse.ts) runs these same scenarios after the steps.
    expect(data.tries.map((item) => item.title)).toEqual(usernames?.versions?.scenarios.map((s) => s.title));
    for (const item of data.tries) {
      expect(item.sql).not.toMatch(/(?<!:):[a-z_]+/);
      expect(item.sender).toMatch(/, /);
    }
  });

  test('T opens the race nearest before the step, then the next, then returns to the step', () => {
    const races = [{ afterStep: 0 }, { afterStep: 4 }, { afterStep: 4 }, { afterStep: 9 }];
    expect(nextRace(races, null, 0)).toEqual({ kind: 'race', race: 0 });
    expect(nextRace(races, null, 6)).toEqual({ kind: 'race', race: 2 });
    expect(nextRace(races, { kind: 'race', race: 2 }, 6)).toEqual({ kind: 'race', race: 3 });
    expect(nextRace(races, { kind: 'race', race: 3 }, 6)).toBeNull();
    expect(nextRace(races, { kind: 'versions' }, 12)).toEqual({ kind: 'race', race: 3 });
    expect(nextRace([], null, 3)).toBeNull();
  });
});
