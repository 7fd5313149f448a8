import { el, plural } from '../client/dom';
import { renderTable } from '../client/renderOutcome';
import type { Outcome } from '../engine/execute';
import { lastRowResult, type Verdict } from '../engine/judge';
import type { TableChange } from '../engine/tableChanges';

/** Rows shown on a slide; the rest are counted. */
const slideRows = 6;

/** A run, sized for a projector: the verdict, a few rows, and one line per changed table. */
export function compactResult(outcome: Outcome, verdict: Verdict, changes: TableChange[]): HTMLElement {
  const root = el('div', { className: 'present-outcome' });
  root.append(
    el('p', { className: `verdict verdict-${verdict.pass ? 'pass' : 'fail'}`, text: verdict.message }),
  );
  const { result } = outcome;
  if (!result.ok) {
    const { code, name, message, constraint } = result.error;
    root.append(
      el(
        'p',
        { className: 'present-error' },
        el('strong', { text: `${code} ${name}` }),
        `: ${message}${constraint ? ` (${constraint})` : ''}`,
      ),
    );
  }
  const rows = result.ok ? lastRowResult(result.statements) : undefined;
  if (rows && rows.rows.length > 0) {
    root.append(
      renderTable(rows.columns, rows.rows.slice(0, slideRows), `Result: ${rows.command}`, undefined),
    );
    if (rows.rows.length > slideRows) {
      root.append(
        el('p', {
          className: 'outcome-note',
          text: `and ${plural(rows.rows.length - slideRows, 'more row')}`,
        }),
      );
    }
  }
  if (changes.length > 0) {
    const list = el('ul', { className: 'present-changes' });
    for (const change of changes) {
      const what =
        change.kind === 'created'
          ? 'created'
          : change.kind === 'dropped'
            ? 'dropped'
            : [
                change.added.length ? `+${plural(change.added.length, 'row')}` : '',
                change.changed.length ? `${change.changed.length} changed` : '',
                change.removed.length ? `−${plural(change.removed.length, 'row')}` : '',
              ]
                .filter(Boolean)
                .join(', ');
      list.append(el('li', {}, el('code', { text: change.table }), `: ${what}`));
    }
    root.append(list);
  }
  return root;
}
