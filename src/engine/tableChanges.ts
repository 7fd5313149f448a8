import type { Row } from '../lesson/types';

/** Tables larger than this are compared by row count only: the tutorial's tables are far smaller. */
export const compareLimit = 2000;

export interface TableSnapshot {
  columns: string[];
  /** Positions of the primary key's columns, to tell a changed row from a removed and an added one. */
  key: number[];
  rows: Row[];
  /** The table has more than `compareLimit` rows; `rows` is incomplete. */
  tooBig: boolean;
  count: number;
}

export type Snapshot = Record<string, TableSnapshot>;

export interface TableChange {
  table: string;
  kind: 'created' | 'dropped' | 'changed';
  columns: string[];
  added: Row[];
  removed: Row[];
  changed: { before: Row; after: Row }[];
  /** Set when the table was too big to compare row by row. */
  countDelta?: number;
  /** Rows in the table after it was created, or before it was dropped. */
  count?: number;
}

/** Which tables gained, lost or changed rows between two snapshots, with those rows. */
export function diffSnapshots(before: Snapshot, after: Snapshot): TableChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes: TableChange[] = [];
  for (const table of names) {
    const old = before[table];
    const now = after[table];
    if (!old && now) {
      changes.push({
        table,
        kind: 'created',
        columns: now.columns,
        added: now.rows,
        removed: [],
        changed: [],
        count: now.count,
      });
    } else if (old && !now) {
      changes.push({
        table,
        kind: 'dropped',
        columns: old.columns,
        added: [],
        removed: old.rows,
        changed: [],
        count: old.count,
      });
    } else if (old && now) {
      const change = diffTable(table, old, now);
      if (change) changes.push(change);
    }
  }
  return changes;
}

function diffTable(table: string, old: TableSnapshot, now: TableSnapshot): TableChange | undefined {
  if (old.columns.join('\0') !== now.columns.join('\0')) {
    return { table, kind: 'changed', columns: now.columns, added: now.rows, removed: old.rows, changed: [] };
  }
  if (old.tooBig || now.tooBig) {
    const countDelta = now.count - old.count;
    return countDelta === 0
      ? undefined
      : { table, kind: 'changed', columns: now.columns, added: [], removed: [], changed: [], countDelta };
  }
  const remaining = new Map<string, number>();
  for (const row of old.rows)
    remaining.set(JSON.stringify(row), (remaining.get(JSON.stringify(row)) ?? 0) + 1);
  let added: Row[] = [];
  for (const row of now.rows) {
    const id = JSON.stringify(row);
    const left = remaining.get(id) ?? 0;
    if (left > 0) remaining.set(id, left - 1);
    else added.push(row);
  }
  let removed = old.rows.filter((row) => {
    const id = JSON.stringify(row);
    const left = remaining.get(id) ?? 0;
    if (left > 0) remaining.set(id, left - 1);
    return left > 0;
  });
  const changed: TableChange['changed'] = [];
  if (now.key.length > 0) {
    const keyOf = (row: Row) => JSON.stringify(now.key.map((position) => row[position]));
    const removedByKey = new Map(removed.map((row) => [keyOf(row), row]));
    added = added.filter((row) => {
      const before = removedByKey.get(keyOf(row));
      if (!before) return true;
      changed.push({ before, after: row });
      removedByKey.delete(keyOf(row));
      return false;
    });
    removed = [...removedByKey.values()];
  }
  if (added.length + removed.length + changed.length === 0) return undefined;
  return { table, kind: 'changed', columns: now.columns, added, removed, changed };
}
