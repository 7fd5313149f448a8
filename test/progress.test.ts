import { describe, expect, test } from 'vitest';
import {
  counts,
  doneWhen,
  emptyProgress,
  forgetLesson,
  markDone,
  parseProgress,
} from '../src/progress/progress';

const lesson = { slug: 'usernames', steps: ['a', 'b', 'c'], exercises: ['x'] };
const when = new Date('2026-11-26T10:00:00Z');

describe('progress', () => {
  test('counts steps and exercises done, only those the lesson still has', () => {
    let progress = markDone(emptyProgress(), 'usernames', 'steps', 'a', when);
    progress = markDone(progress, 'usernames', 'steps', 'gone', when);
    progress = markDone(progress, 'usernames', 'exercises', 'x', when);
    expect(counts(progress, lesson)).toEqual({ done: 2, total: 4 });
    expect(doneWhen(progress, 'usernames', 'steps', 'a')).toEqual(when);
    expect(doneWhen(progress, 'usernames', 'steps', 'b')).toBeUndefined();
  });

  test('forgets one lesson and keeps the others', () => {
    let progress = markDone(emptyProgress(), 'usernames', 'steps', 'a', when);
    progress = markDone(progress, 'passwords', 'steps', 'a', when);
    expect(Object.keys(forgetLesson(progress, 'usernames').lessons)).toEqual(['passwords']);
  });

  test.each([
    ['not JSON', '{oops'],
    ['another shape', '{"version":2,"lessons":{}}'],
    ['a wrong date', '{"version":1,"lessons":{"u":{"steps":{"a":"yesterday"},"exercises":{}}}}'],
    [
      'an impossible date',
      '{"version":1,"lessons":{"u":{"steps":{"a":"2026-13-45T99:00:00Z"},"exercises":{}}}}',
    ],
    ['a missing part', '{"version":1,"lessons":{"u":{"steps":{}}}}'],
    ['an unknown field', '{"version":1,"lessons":{},"extra":true}'],
    ['an array for a lesson', '{"version":1,"lessons":{"u":[]}}'],
    ['null', 'null'],
  ])('reports %s as damaged rather than half-using it', (_, raw) => {
    expect(parseProgress(raw)).toEqual({ progress: emptyProgress(), damaged: true });
  });

  test('reads back what it stores', () => {
    const progress = markDone(emptyProgress(), 'usernames', 'exercises', 'x', when);
    expect(parseProgress(JSON.stringify(progress))).toEqual({ progress, damaged: false });
  });
});
