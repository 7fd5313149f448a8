import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { layoutDiagram } from '../src/diagram/layout';
import { buildDiagram } from '../src/diagram/model';
import { wrapText } from '../src/diagram/wrapText';
import type { Catalog } from '../src/engine/catalog';
import { Observer } from '../src/engine/Observer';
import { loadCourse } from '../src/lesson/loadCourse';
import { applyLessons, freshDatabase } from './support/freshDatabase';

let db: PGlite;
let passwords: Catalog;

beforeAll(async () => {
  const fresh = await freshDatabase();
  db = fresh.db;
  await applyLessons(
    fresh.session,
    loadCourse().lessons.filter((lesson) => lesson.order <= 3),
  );
  passwords = await new Observer(fresh.session).baseline();
});
afterAll(() => db?.close());

describe('names that wrap instead of losing their middle', () => {
  test('a table name breaks after an underscore, and its lines joined are the name again', () => {
    expect(wrapText('user_registered_0', 14)).toEqual(['user_', 'registered_0']);
    expect(wrapText('password_changed_2', 14)).toEqual(['password_', 'changed_2']);
    expect(wrapText('users_0', 14)).toEqual(['users_0']);
  });

  test('words break after a space; a part longer than a line breaks inside it', () => {
    expect(wrapText('append-only: refused', 16)).toEqual(['append-only: ', 'refused']);
    expect(wrapText('abcdefghij_k', 4)).toEqual(['abcd', 'efgh', 'ij_k']);
    expect(wrapText('', 4)).toEqual(['']);
  });

  test.each([343, 312])(
    'at %i px every table name in the diagram is drawn whole, each line within its box',
    (width) => {
      const layout = layoutDiagram(buildDiagram(passwords), width);
      for (const box of layout.boxes) {
        expect(box.name.join('')).toBe(box.table.name);
        for (const line of box.name)
          expect(line.trimEnd().length * 12 * 0.61 + 14).toBeLessThanOrEqual(box.w);
        // The last line's baseline, with room below it for the letters that hang under it.
        expect(17 + 15 * (box.name.length - 1) + 13 * box.sub.length + 4).toBeLessThanOrEqual(box.h);
      }
    },
  );
});
