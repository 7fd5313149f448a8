import { describe, expect, test } from 'vitest';
import { describeLocks, effectOf } from '../src/locks/conflicts';

describe('what a lock blocks and lets through, in plain words, from PostgreSQL’s conflict table', () => {
  test('a migration’s SHARE ROW EXCLUSIVE blocks writes and other migrations, and lets reads go on', () => {
    expect(effectOf('user_registered_0', 'ShareRowExclusiveLock')).toEqual({
      table: 'user_registered_0',
      mode: 'ShareRowExclusiveLock',
      blocksWrites: true,
      blocks:
        'inserts, updates and deletes; VACUUM and CREATE INDEX CONCURRENTLY; migrations (CREATE INDEX, CREATE TRIGGER, LOCK); DROP, TRUNCATE and most ALTER TABLE',
      allows: 'reads; SELECT … FOR UPDATE',
    });
  });

  test('ACCESS EXCLUSIVE blocks even reads; ACCESS SHARE blocks only what drops or rewrites the table', () => {
    expect(effectOf('t', 'AccessExclusiveLock')).toMatchObject({ blocksWrites: true, allows: 'nothing' });
    expect(effectOf('t', 'AccessExclusiveLock').blocks).toMatch(/^reads; /);
    expect(effectOf('t', 'AccessShareLock')).toMatchObject({
      blocksWrites: false,
      blocks: 'DROP, TRUNCATE and most ALTER TABLE',
    });
  });

  test('CREATE INDEX CONCURRENTLY’s mode lets writes through', () => {
    expect(effectOf('t', 'ShareUpdateExclusiveLock')).toMatchObject({
      blocksWrites: false,
      allows: 'reads; SELECT … FOR UPDATE; inserts, updates and deletes',
    });
  });

  test('a write’s ROW EXCLUSIVE blocks migrations, not other writes', () => {
    expect(effectOf('t', 'RowExclusiveLock')).toMatchObject({
      blocksWrites: false,
      blocks: 'migrations (CREATE INDEX, CREATE TRIGGER, LOCK); DROP, TRUNCATE and most ALTER TABLE',
    });
  });

  test('keeps only the strongest lock per table, ignores modes it does not know, and sorts by table', () => {
    expect(
      describeLocks([
        { table: 'users_1', mode: 'AccessShareLock' },
        { table: 'user_registered_0', mode: 'AccessShareLock' },
        { table: 'user_registered_0', mode: 'ShareRowExclusiveLock' },
        { table: 'users_1', mode: 'SIReadLock' },
      ]).map((effect) => [effect.table, effect.mode]),
    ).toEqual([
      ['user_registered_0', 'ShareRowExclusiveLock'],
      ['users_1', 'AccessShareLock'],
    ]);
  });
});
