import { lastRowResult } from '../engine/judge';
import type { RunResult } from '../engine/types';
import type { Expectation, Row } from '../lesson/types';
import { el, plural } from '../ui/dom';

/** Rows shown on each side; a step's expectation is short, a wrong query's answer may not be. */
const sideRows = 20;

import { renderCell, renderTable } from './renderOutcome';

/**
 * Expected and actual rows side by side, with every cell that differs marked, rows the lesson
 * expects but did not come back marked missing, and rows that came back unexpected marked extra.
 */
export function renderMismatch(expect: Expectation, result: RunResult): HTMLElement | null {
  if (expect.kind !== 'rows' || !result.ok) return null;
  const actual = lastRowResult(result.statements);
  if (!actual) return null;
  const box = el('div', { className: 'mismatch' });
  const sameColumns = actual.columns.join('\0') === expect.columns.join('\0');
  const summary = sameColumns
    ? `Expected ${expect.rows.length}, got ${actual.rows.length}. Differences are marked.`
    : `The columns differ: expected ${expect.columns.join(', ') || 'none'}; got ${actual.columns.join(', ') || 'none'}.`;
  box.append(el('p', { className: 'mismatch-summary', text: summary }));
  const differs = (row: number, column: number) =>
    !sameColumns || (expect.rows[row]?.[column] ?? undefined) !== (actual.rows[row]?.[column] ?? undefined);
  const side = (title: string, columns: string[], rows: Row[], other: Row[], mark: string) => {
    const marked = (value: string | null, row: number, column: number) => {
      const cell = renderCell(value, 40, undefined, true);
      if (row >= other.length) {
        cell.classList.add('cell-changed');
        if (column === 0) cell.prepend(el('span', { className: 'visually-hidden', text: `${mark}: ` }));
      } else if (differs(row, column)) {
        cell.classList.add('cell-changed');
        cell.prepend(el('span', { className: 'visually-hidden', text: 'differs: ' }));
      }
      return cell;
    };
    const side = el(
      'div',
      { className: 'mismatch-side' },
      el('p', { className: 'mismatch-title', text: title }),
      renderTable(columns, rows.slice(0, sideRows), title, marked),
    );
    if (rows.length > sideRows) {
      side.append(
        el('p', {
          className: 'outcome-note',
          text: `${plural(rows.length - sideRows, 'more row')} not shown.`,
        }),
      );
    }
    return side;
  };
  box.append(
    el(
      'div',
      { className: 'mismatch-sides' },
      side('Expected', expect.columns, expect.rows, actual.rows, 'missing'),
      side('Returned', actual.columns, actual.rows, expect.rows, 'extra'),
    ),
  );
  return box;
}
