import { describe, expect, test } from 'vitest';
import { describeStop } from '../src/client/describeStop';
import type { Recovery } from '../src/client/EngineClient';

const stopped = (recovery: Partial<Recovery>) => ({
  kind: 'stopped' as const,
  reason: 'cancelled' as const,
  detail: '',
  recovery: {
    ms: 1234.4,
    restored: 0,
    skipped: 0,
    problems: [],
    abandoned: false,
    dropped: 0,
    fromSaved: true,
    ...recovery,
  },
});

describe('what a stopped run says about the database', () => {
  test('a restart from the kept database says so, with the session statements it replayed', () => {
    expect(describeStop(stopped({ restored: 2 }), 10_000)).toBe(
      'You cancelled the statement. It was restarted from your kept database, as it was after your last finished statement and 2 statements of your session replayed, in 1234 ms.',
    );
  });

  test('a stopped restore of a kept database with nothing of the session to replay lost nothing, and says only that it restarted', () => {
    expect(describeStop(stopped({ abandoned: true }), 10_000)).toBe(
      'You cancelled the statement. It was restarted from your kept database, as it was after your last finished statement, in 1234 ms.',
    );
  });

  test('a stopped restore of a kept database names how many statements of the session are not in it', () => {
    expect(describeStop(stopped({ abandoned: true, dropped: 3 }), 10_000)).toBe(
      "You cancelled the statement. You stopped the restore: the database is as it was kept after your last finished statement, without the 3 statements of your session after it (an open transaction's work, SET or PREPARE).",
    );
  });

  test('in memory, a stopped restore is back at the lesson’s start, and a finished one counts what it replayed and left out', () => {
    expect(describeStop(stopped({ fromSaved: false, abandoned: true, dropped: 4 }), 10_000)).toBe(
      "You cancelled the statement. Restoring your earlier work was cancelled: the database is back at the lesson's start, and what you had run before is not in it.",
    );
    expect(describeStop(stopped({ fromSaved: false, restored: 1, skipped: 2 }), 10_000)).toBe(
      'You cancelled the statement. It was restarted and your 1 earlier statement replayed, 2 plain reads left out, in 1234 ms.',
    );
  });
});
