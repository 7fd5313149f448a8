import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeRows, summarize } from '../src/diagram/describe';
import { layoutDiagram } from '../src/diagram/layout';
import { buildDiagram, focusOnActivity, writeTargets } from '../src/diagram/model';
import { type Catalog, parseCatalog } from '../src/engine/catalog';
import { Observer } from '../src/engine/Observer';
import { loadCourse } from '../src/lesson/loadCourse';
import { applyLessons, freshDatabase } from './support/freshDatabase';

const course = loadCourse();
let db: PGlite;
let passwords: Catalog;

beforeAll(async () => {
  const fresh = await freshDatabase();
  db = fresh.db;
  await applyLessons(
    fresh.session,
    course.lessons.filter((lesson) => lesson.order <= 3),
  );
  passwords = await new Observer(fresh.session).baseline();
});
afterAll(() => db?.close());

const trigger = (table: string, name: string, fn: string, source: string, type = 5, enabled = 'O') => [
  table,
  name,
  fn,
  source,
  String(type),
  enabled,
];

describe('the diagram model, from catalog rows', () => {
  test('groups the passwords stage into one read model: three write tables, three read tables, six feeds', () => {
    const diagram = buildDiagram(passwords);
    expect(diagram.groups).toEqual([
      {
        model: 'users',
        writes: ['user_registered_0', 'user_registered_1', 'password_changed_2'],
        reads: ['users_0', 'users_1', 'users_2'],
        feeds: 6,
        expected: 6,
      },
    ]);
    expect(
      diagram.edges.map((edge) => `${edge.from} -${edge.trigger}/${edge.action}-> ${edge.to}`).sort(),
    ).toEqual([
      'password_changed_2 -feed_users_2/update-> users_2',
      'user_registered_0 -feed_users_0/insert-> users_0',
      'user_registered_0 -feed_users_1/insert-> users_1',
      'user_registered_0 -feed_users_2/insert-> users_2',
      'user_registered_1 -feed_users_1/insert-> users_1',
      'user_registered_1 -feed_users_2/insert-> users_2',
    ]);
    expect(diagram.tables.filter((table) => table.guard).map((table) => table.name)).toEqual([
      'password_changed_2',
      'user_registered_0',
      'user_registered_1',
    ]);
    expect(diagram.unfed).toEqual([]);
    expect(diagram.others).toEqual([]);
  });

  test('highlights the triggers that fired and the tables that changed, not the others', () => {
    const diagram = buildDiagram(passwords, {
      fired: { user_registered_0_to_users_0: 1, user_registered_0_to_users_1: 1 },
      failedIn: ['user_registered_0_to_users_2'],
      changes: [],
    });
    const states = Object.fromEntries(diagram.edges.map((edge) => [`${edge.from}→${edge.to}`, edge.state]));
    expect(states).toEqual({
      'password_changed_2→users_2': 'idle',
      'user_registered_0→users_0': 'fired',
      'user_registered_0→users_1': 'fired',
      'user_registered_0→users_2': 'failed',
      'user_registered_1→users_1': 'idle',
      'user_registered_1→users_2': 'idle',
    });
    expect(focusOnActivity(diagram).tables.map((table) => table.name)).toEqual([
      'user_registered_0',
      'users_0',
      'users_1',
      'users_2',
    ]);
  });

  test('marks the guard that refused, by the table its error names', () => {
    const diagram = buildDiagram(passwords, {
      fired: {},
      failedIn: ['reject_history_change'],
      errorTable: 'user_registered_1',
      changes: [],
    });
    expect(
      diagram.tables.filter((table) => table.guard?.state === 'refused').map((table) => table.name),
    ).toEqual(['user_registered_1']);
  });

  test("shows a learner's own tables: odd names, non-conventional triggers, a missing target and tables apart", () => {
    const catalog = parseCatalog(
      [
        ['order_placed_1', 'r', 'id,total'],
        ['Order Summary', 'r', 'id,total'],
        ['orders_1', 'r', 'id'],
        ['scratch', 'r', 'a'],
        ['refund_issued_2', 'r', 'id'],
        ['a_view', 'v', 'x'],
      ],
      [
        trigger(
          'order_placed_1',
          'my_trigger',
          'copy_it',
          'BEGIN INSERT INTO "Order Summary" VALUES (NEW.id); RETURN NULL; END',
        ),
        trigger(
          'order_placed_1',
          'feed_orders_2',
          'gone',
          'BEGIN INSERT INTO orders_2 VALUES (NEW.id); RETURN NULL; END',
          5,
          'D',
        ),
        trigger('scratch', 'noisy', 'noise', "BEGIN RAISE NOTICE 'insert into nowhere'; RETURN NULL; END"),
      ],
    );
    const diagram = buildDiagram(catalog);
    expect(diagram.edges.map((edge) => [edge.from, edge.to, edge.trigger, edge.enabled])).toEqual([
      ['order_placed_1', 'Order Summary', 'my_trigger', true],
      ['order_placed_1', 'orders_2', 'feed_orders_2', false],
    ]);
    const roles = Object.fromEntries(
      diagram.tables.map((table) => [table.name, [table.role, table.missing]]),
    );
    expect(roles).toEqual({
      'Order Summary': ['read', false],
      order_placed_1: ['write', false],
      orders_1: ['read', false],
      orders_2: ['read', true],
      refund_issued_2: ['write', false],
      scratch: ['other', false],
    });
    expect(diagram.unfed).toEqual(['refund_issued_2']);
    expect(diagram.others).toEqual(['scratch']);
    expect(summarize(diagram)).toMatch(/refund_issued_2 feeds no read table/);
    expect(describeRows(diagram).find((row) => row[0] === 'orders_2')).toEqual([
      'orders_2',
      'read, orders v2, does not exist',
      'fed by order_placed_1 (feed_orders_2, disabled)',
      '',
    ]);
  });

  test('reads write targets from function sources, folding unquoted names and ignoring comments and strings', () => {
    expect(
      writeTargets(`-- INSERT INTO commented
        INSERT INTO Users_2 (id) VALUES (1); UPDATE public."Mixed Case" SET a = 1;
        DELETE FROM ONLY t; SELECT 'UPDATE quoted'`),
    ).toEqual([
      { table: 'users_2', action: 'insert' },
      { table: 'Mixed Case', action: 'update' },
      { table: 't', action: 'delete' },
    ]);
  });

  test('takes no clause for a table (ON CONFLICT DO UPDATE SET, FOR UPDATE OF, FOR NO KEY UPDATE, ON UPDATE CASCADE), and a table both inserted into and updated is written, once', () => {
    expect(
      writeTargets(`INSERT INTO users_4 (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id;
        PERFORM 1 FROM users_3 FOR UPDATE OF users_3 SKIP LOCKED;
        PERFORM 1 FROM users_3 FOR NO KEY UPDATE NOWAIT;
        CREATE TABLE x (id int REFERENCES users_4 ON UPDATE CASCADE);
        UPDATE users_4 SET id = 2`),
    ).toEqual([{ table: 'users_4', action: 'write' }]);
  });
});

describe('the diagram layout', () => {
  test.each([720, 343])(
    'fits %i px: no box overlaps another or leaves the picture, every arrow runs between boxes',
    (width) => {
      const layout = layoutDiagram(buildDiagram(passwords), width);
      expect(layout.width).toBeLessThanOrEqual(Math.max(width, 306));
      for (const [index, a] of layout.boxes.entries()) {
        expect(a.x).toBeGreaterThanOrEqual(0);
        expect(a.x + a.w).toBeLessThanOrEqual(layout.width);
        expect(a.y + a.h).toBeLessThanOrEqual(layout.height);
        for (const b of layout.boxes.slice(index + 1)) {
          const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
          expect(apart, `${a.table.name} overlaps ${b.table.name}`).toBe(true);
        }
      }
      expect(layout.edges).toHaveLength(6);
      for (const { edge, path } of layout.edges) {
        const from = layout.boxes.find((box) => box.table.name === edge.from);
        const to = layout.boxes.find((box) => box.table.name === edge.to);
        const [start, end] = [/^M([\d.]+),/.exec(path)?.[1], /L([\d.]+),[\d.]+$/.exec(path)?.[1]].map(Number);
        expect(start).toBe((from?.x ?? NaN) + (from?.w ?? NaN));
        expect(end).toBe((to?.x ?? NaN) - 2);
      }
    },
  );
});
