import type { TableChange } from '../engine/tableChanges';
import type { Row } from '../lesson/types';
import { plural } from '../ui/dom';

/** One line of a table's changes: a row added, removed, or one side of a changed row. */
export interface ChangeLine {
  /** The change ("added", "before", "after", "removed"), then the row's values. */
  row: Row;
  /** For a changed row: the positions in `row` whose value differs between before and after. */
  differs?: Set<number>;
}

/** What "What changed" says about one table, in words and lines that agree on how many rows. */
export interface ChangeDescription {
  /** E.g. "created, 5,000 rows" or "2 rows added, 1 row changed". */
  summary: string;
  /** The rows listed, at most `lineLimit` lines; a changed row's two lines are never split. */
  lines: ChangeLine[];
  /** Set when some rows are not listed: how many are, of how many. */
  note?: string;
}

/**
 * Describes one table's change, listing its first rows when there are too many to list all: the
 * count in the summary and the count in the note are the same rows, so they never disagree.
 */
export function describeChange(change: TableChange, lineLimit: number): ChangeDescription {
  const parts = [];
  if (change.kind === 'created')
    parts.push(change.count === undefined ? 'created' : `created, ${plural(change.count, 'row')}`);
  if (change.kind === 'dropped')
    parts.push(change.count === undefined ? 'dropped' : `dropped, with ${plural(change.count, 'row')}`);
  if (change.added.length > 0 && change.kind !== 'created')
    parts.push(`${plural(change.added.length, 'row')} added`);
  if (change.changed.length > 0) parts.push(`${plural(change.changed.length, 'row')} changed`);
  if (change.removed.length > 0 && change.kind !== 'dropped')
    parts.push(`${plural(change.removed.length, 'row')} removed`);
  if (change.countDelta)
    parts.push(`${change.countDelta > 0 ? '+' : ''}${change.countDelta.toLocaleString('en')} rows`);

  const entries: ChangeLine[][] = [
    ...change.added.map((row) => [{ row: ['added', ...row] }]),
    ...change.changed.map(({ before, after }) => {
      const differs = new Set(after.map((value, index) => (value === before[index] ? -1 : index + 1)));
      return [
        { row: ['before', ...before], differs },
        { row: ['after', ...after], differs },
      ];
    }),
    ...change.removed.map((row) => [{ row: ['removed', ...row] }]),
  ];
  const lines: ChangeLine[] = [];
  let listed = 0;
  for (const entry of entries) {
    if (lines.length + entry.length > lineLimit) break;
    lines.push(...entry);
    listed++;
  }
  // A table too big to compare sent only its first rows, but its true count.
  const whole = change.kind === 'created' || change.kind === 'dropped' ? change.count : undefined;
  const total = Math.max(whole ?? 0, entries.length);
  const description: ChangeDescription = { summary: parts.join(', '), lines };
  if (listed < total) {
    description.note = `${listed.toLocaleString('en')} of the ${plural(total, 'row')} ${listed === 1 ? 'is' : 'are'} listed here.`;
  }
  return description;
}
