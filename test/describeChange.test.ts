import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeChange } from '../src/client/describeChange';
import { Observer } from '../src/engine/Observer';
import { run } from '../src/engine/run';
import type { Session } from '../src/engine/types';
import { freshDatabase } from './support/freshDatabase';

let db: PGlite;
let session: Session;
let observer: Observer;

/** What the page says about each table one piece of SQL changed, listing at most 50 lines. */
async function described(sql: string) {
  const result = await run(session, sql);
  expect(result.ok).toBe(true);
  const { changes } = await observer.observe(result.transaction);
  return changes.map((change) => {
    const { summary, lines, note } = describeChange(change, 50);
    return { table: change.table, summary, lines: lines.length, note };
  });
}

beforeAll(async () => {
  ({ db, session } = await freshDatabase());
  observer = new Observer(session);
  await observer.baseline();
});
afterAll(() => db?.close());

describe('What changed, for one table', () => {
  test('lists every row of a small change, with no note', async () => {
    expect(await described('CREATE TABLE small AS SELECT g AS id FROM generate_series(1, 3) AS g')).toEqual([
      { table: 'small', summary: 'created, 3 rows', lines: 3, note: undefined },
    ]);
  });

  test('says how many rows a big new table has and how many of them are listed, the same rows', async () => {
    expect(await described('CREATE TABLE big AS SELECT g FROM generate_series(1, 5000) AS g')).toEqual([
      {
        table: 'big',
        summary: 'created, 5,000 rows',
        lines: 50,
        note: '50 of the 5,000 rows are listed here.',
      },
    ]);
    expect(await described('DROP TABLE big')).toEqual([
      {
        table: 'big',
        summary: 'dropped, with 5,000 rows',
        lines: 50,
        note: '50 of the 5,000 rows are listed here.',
      },
    ]);
  });

  test('counts changed rows, not their before and after lines, in the summary and the note alike', async () => {
    await described(
      'CREATE TABLE keyed (id int PRIMARY KEY, v int); INSERT INTO keyed SELECT g, 0 FROM generate_series(1, 40) AS g',
    );
    expect(await described('UPDATE keyed SET v = 1 WHERE id <= 30; DELETE FROM keyed WHERE id = 40')).toEqual(
      [
        {
          table: 'keyed',
          summary: '30 rows changed, 1 row removed',
          lines: 50,
          note: '25 of the 31 rows are listed here.',
        },
      ],
    );
  });
});
