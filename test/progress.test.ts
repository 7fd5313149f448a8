import { describe, expect, test } from 'vitest';
import {
  counts,
  doneWhen,
  emptyProgress,
  forgetLesson,
  markDone,
  parseProgress,
} from '../src/progress/progress';
import { decodeShare, encodeShare } from '../src/share/shareLink';

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
  ])('reports %s as damaged rather than half-using it', (_, raw) => {
    expect(parseProgress(raw)).toEqual({ progress: emptyProgress(), damaged: true });
  });

  test('reads back what it stores', () => {
    const progress = markDone(emptyProgress(), 'usernames', 'exercises', 'x', when);
    expect(parseProgress(JSON.stringify(progress))).toEqual({ progress, damaged: false });
  });
});

describe('share links', () => {
  test('carry a step’s SQL through the URL fragment, odd text included', async () => {
    const sql = "SELECT 'Grüße 👋 שלום', $$<b>$$ -- + / = ?\n";
    const fragment = await encodeShare({ kind: 'step', id: 'register-foo', sql });
    expect(fragment).toMatch(/^share=step:register-foo:[A-Za-z0-9_-]+$/);
    expect(await decodeShare(`#${fragment}`)).toEqual({ kind: 'step', id: 'register-foo', sql });
  });

  test('turn down a damaged or foreign fragment', async () => {
    const fragment = await encodeShare({ kind: 'exercise', id: 'users-4', sql: 'SELECT 1' });
    expect(await decodeShare(`${fragment.slice(0, -4)}zzzz`)).toBeUndefined();
    expect(await decodeShare('#step-register-foo')).toBeUndefined();
    expect(await decodeShare('share=table:x:abc')).toBeUndefined();
  });
});
