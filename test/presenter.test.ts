import { describe, expect, test } from 'vitest';
import { commandFor } from '../src/presenter/keys';
import { back, forward, ranUpTo, reset, start } from '../src/presenter/presentation';

describe('presenter keys', () => {
  test('map → and Space to forward, ← to back, R, D, ? and the lesson numbers that exist', () => {
    const keys = ['ArrowRight', ' ', 'ArrowLeft', 'r', 'D', '?', '3', '7', 'Escape', 'x'];
    expect(keys.map((key) => commandFor({ key }, 6))).toEqual([
      { kind: 'forward' },
      { kind: 'forward' },
      { kind: 'back' },
      { kind: 'reset' },
      { kind: 'diagram' },
      { kind: 'help' },
      { kind: 'lesson', number: 3 },
      null,
      { kind: 'close' },
      null,
    ]);
  });

  test('leave keys alone while typing and with modifier keys, so browser shortcuts still work', () => {
    expect(commandFor({ key: 'r', typing: true }, 6)).toBeNull();
    expect(commandFor({ key: 'r', ctrlKey: true }, 6)).toBeNull();
    expect(commandFor({ key: 'ArrowLeft', altKey: true }, 6)).toBeNull();
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
    expect(reset(state)).toEqual({ index: 0, ran: [false, false], diagram: true });
  });
});
