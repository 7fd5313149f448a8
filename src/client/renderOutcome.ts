import type { Outcome } from '../engine/execute';
import type { TableChange } from '../engine/snapshot';
import type { DbError, StatementResult } from '../engine/types';
import type { Row } from '../lesson/types';
import { button, el, plural } from './dom';

/** Cells longer than this are cut, with a button to show the rest. */
const cellLimit = 300;

/** Renders one run: each statement's rows, notices, the error, and what changed in which table. */
export function renderOutcome(outcome: Outcome): HTMLElement {
  const { result, rowCounts, ms, changes } = outcome;
  const root = el('div', { className: 'outcome' });
  if (!result.ok) root.append(renderError(result.error, result.rolledBack));
  if (result.ok && result.statements.length === 0) {
    root.append(
      el('p', {
        className: 'outcome-empty',
        text: 'Nothing to run: there is no SQL here, only blanks or comments.',
      }),
    );
  }
  result.statements.forEach((statement, index) => {
    root.append(renderStatement(statement, rowCounts[index] ?? statement.rows.length));
  });
  if (!result.ok && result.statements.length > 0) {
    root.append(
      el('p', {
        className: 'outcome-note',
        text: `${result.statements.length === 1 ? 'The statement' : `The ${result.statements.length} statements`} before the error ran, then ${result.statements.length === 1 ? 'was' : 'were'} rolled back with it.`,
      }),
    );
  }
  for (const notice of result.notices) {
    root.append(
      el(
        'p',
        { className: 'notice' },
        el('strong', { text: `${notice.severity}: ` }),
        notice.message,
        notice.hint ? ` Hint: ${notice.hint}` : '',
      ),
    );
  }
  if (changes.length > 0) root.append(renderChanges(changes));
  else if (result.ok && result.statements.length > 0)
    root.append(el('p', { className: 'outcome-note', text: 'No table changed.' }));
  root.append(
    el('p', { className: 'outcome-time', text: `Took ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms.` }),
  );
  return root;
}

function renderError(error: DbError, rolledBack: boolean): HTMLElement {
  const box = el('div', { className: 'error', attrs: { role: 'alert' } });
  box.append(
    el(
      'p',
      { className: 'error-title' },
      el('strong', { text: `Error ${error.code}` }),
      ` ${error.name}: `,
      error.message,
    ),
  );
  const facts: [string, string | undefined][] = [
    ['Detail', error.detail],
    ['Hint', error.hint],
    ['Table', error.table],
    ['Column', error.column],
    ['Constraint', error.constraint],
    ['Where', error.where],
  ];
  const list = el('dl', { className: 'error-facts' });
  for (const [label, value] of facts)
    if (value) list.append(el('dt', { text: label }), el('dd', { text: value }));
  if (list.childElementCount > 0) box.append(list);
  if (rolledBack) box.append(el('p', { text: 'The open transaction was rolled back.' }));
  return box;
}

function renderStatement(statement: StatementResult, rowCount: number): HTMLElement {
  const section = el('div', { className: 'statement' });
  const summary =
    statement.columns.length > 0 ? `${statement.command} · ${plural(rowCount, 'row')}` : statement.command;
  section.append(el('p', { className: 'statement-tag', text: summary }));
  if (statement.columns.length > 0) {
    section.append(renderTable(statement.columns, statement.rows, `Result of ${statement.command}`));
    if (rowCount > statement.rows.length) {
      section.append(
        el('p', {
          className: 'outcome-note',
          text: `${plural(rowCount - statement.rows.length, 'more row')} not shown (${plural(rowCount, 'row')} in all).`,
        }),
      );
    }
  }
  return section;
}

export function renderTable(columns: string[], rows: Row[], caption: string): HTMLElement {
  const table = el('table');
  table.append(el('caption', { className: 'visually-hidden', text: caption }));
  const head = el('tr');
  for (const column of columns) head.append(el('th', { text: column, attrs: { scope: 'col' } }));
  table.append(el('thead', {}, head));
  const body = el('tbody');
  for (const row of rows) {
    const tr = el('tr');
    for (const value of row) tr.append(renderCell(value));
    body.append(tr);
  }
  table.append(body);
  return el('div', { className: 'table-scroll' }, table);
}

function renderCell(value: string | null): HTMLElement {
  if (value === null) {
    return el(
      'td',
      { className: 'null' },
      el('span', { text: 'NULL', attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'visually-hidden', text: 'null value' }),
    );
  }
  const chars = [...value];
  if (chars.length <= cellLimit) return el('td', { text: value });
  const cell = el('td', { text: `${chars.slice(0, cellLimit).join('')}…` });
  cell.append(
    ' ',
    button(
      `Show all ${plural(chars.length, 'character')}`,
      () => {
        cell.textContent = value;
      },
      'link-button',
    ),
  );
  return cell;
}

function renderChanges(changes: TableChange[]): HTMLElement {
  const box = el('div', { className: 'changes' });
  box.append(el('p', { className: 'changes-title', text: 'What changed' }));
  for (const change of changes) {
    const parts = [];
    if (change.kind === 'created') parts.push('created');
    if (change.kind === 'dropped') parts.push('dropped');
    if (change.added.length > 0 && change.kind !== 'created')
      parts.push(`${plural(change.added.length, 'row')} added`);
    if (change.changed.length > 0) parts.push(`${plural(change.changed.length, 'row')} changed`);
    if (change.removed.length > 0 && change.kind !== 'dropped')
      parts.push(`${plural(change.removed.length, 'row')} removed`);
    if (change.countDelta)
      parts.push(`${change.countDelta > 0 ? '+' : ''}${change.countDelta.toLocaleString('en')} rows`);
    const item = el('div', { className: 'change' });
    item.append(el('p', {}, el('code', { text: change.table }), `: ${parts.join(', ')}`));
    const rows: Row[] = [
      ...change.added.map((row) => ['added', ...row]),
      ...change.changed.flatMap(({ before, after }) => [
        ['before', ...before],
        ['after', ...after],
      ]),
      ...change.removed.map((row) => ['removed', ...row]),
    ];
    if (rows.length > 0 && rows.length <= 50) {
      item.append(renderTable(['change', ...change.columns], rows, `Rows changed in ${change.table}`));
    } else if (rows.length > 50) {
      item.append(
        el('p', { className: 'outcome-note', text: `${plural(rows.length, 'row')}: too many to list here.` }),
      );
    }
    box.append(item);
  }
  return box;
}
