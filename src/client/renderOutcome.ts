import { copyColumn } from '../engine/copyColumn';
import type { Outcome } from '../engine/execute';
import type { Observation } from '../engine/Observer';
import type { TableChange } from '../engine/tableChanges';
import type { DbError, StatementResult } from '../engine/types';
import type { Row } from '../lesson/types';
import { renderLocks } from '../locks/renderLocks';
import { button, el, plural } from '../ui/dom';
import { describeChange } from './describeChange';
import type { Observed } from './EngineClient';

/** Result cells longer than this are cut, with a button to show the rest. */
const cellLimit = 300;
/** In "What changed", values are shortened in the middle so every column stays in view. */
const changeLimit = 24;
/** Lines of one table's changes listed before the rest are only counted. */
const changeRows = 50;

/**
 * Renders one run's result: each statement's rows, notices, the error, and its time. `compared` is
 * a statement whose rows are already on show beside the expected ones: not shown twice.
 */
export function renderOutcome(
  outcome: Outcome,
  options: { showError?: boolean; compared?: StatementResult } = {},
): HTMLElement {
  const { result, rowCounts, ms, hiddenStatements } = outcome;
  const root = el('div', { className: 'outcome' });
  if (!result.ok && options.showError !== false) root.append(renderError(result.error, result.rolledBack));
  if (result.ok && result.statements.length === 0) {
    root.append(
      el('p', {
        className: 'outcome-empty',
        text: 'Nothing to run: there is no SQL here, only blanks or comments.',
      }),
    );
  }
  if (outcome.meta && result.ok) root.append(renderDescription(outcome.meta, result.statements));
  else {
    result.statements.forEach((statement, index) => {
      const count = rowCounts[index] ?? statement.rows.length;
      root.append(
        statement === options.compared
          ? el(
              'p',
              { className: 'statement-tag' },
              `${statement.command} · ${plural(count, 'row')}`,
              el('span', { className: 'cell-note', text: ' (shown above, beside the expected rows)' }),
            )
          : renderStatement(statement, count),
      );
    });
  }
  if (hiddenStatements > 0) {
    root.append(
      el('p', {
        className: 'outcome-note',
        text: `${plural(hiddenStatements, 'more statement')} ran; only the first ${result.statements.length} are shown.`,
      }),
    );
  }
  if (!result.ok && result.statements.length > 0) {
    const count = result.statements.length + hiddenStatements;
    root.append(
      el('p', {
        className: 'outcome-note',
        text: `${count === 1 ? 'The statement' : `The ${count.toLocaleString('en')} statements`} before the error ran, then ${count === 1 ? 'was' : 'were'} rolled back with it.`,
      }),
    );
  }
  for (const notice of result.notices) {
    const parts = [
      notice.message,
      notice.detail ? ` Detail: ${notice.detail}` : '',
      notice.hint ? ` Hint: ${notice.hint}` : '',
    ];
    root.append(el('p', { className: 'notice' }, el('strong', { text: `${notice.severity}: ` }), ...parts));
  }
  if (outcome.hiddenNotices > 0) {
    root.append(
      el('p', {
        className: 'outcome-note',
        text: `${plural(outcome.hiddenNotices, 'more notice')} came; only the first ${result.notices.length} are shown.`,
      }),
    );
  }
  const locks = renderLocks(outcome);
  if (locks) root.append(locks);
  root.append(
    el('p', { className: 'outcome-time', text: `Took ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms.` }),
  );
  return root;
}

/**
 * A psql command's answer as psql shows it: a title, the columns as a table, then each non-empty
 * list under its own heading ("Indexes:", "Triggers:").
 */
function renderDescription(meta: NonNullable<Outcome['meta']>, statements: StatementResult[]): HTMLElement {
  const box = el('div', { className: 'describe' });
  box.append(el('p', { className: 'describe-title', text: meta.title }));
  statements.forEach((statement, index) => {
    const name = meta.sections[index] ?? '';
    if (statement.columns.length > 1) {
      box.append(renderTable(statement.columns, statement.rows, `${meta.title}: ${name}`));
    } else if (statement.rows.length > 0) {
      box.append(
        el('p', { className: 'describe-section', text: `${name}:` }),
        el(
          'ul',
          { className: 'describe-list' },
          ...statement.rows.map((row) => el('li', { text: row[0] ?? '' })),
        ),
      );
    }
  });
  return box;
}

export function renderError(error: DbError, rolledBack: boolean): HTMLElement {
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
  // COPY's output is lines (a CSV header is one), while its tag counts rows: each in its own unit.
  const unit = statement.columns.join() === copyColumn ? 'line' : 'row';
  const summary =
    statement.columns.length > 0 ? `${statement.command} · ${plural(rowCount, unit)}` : statement.command;
  section.append(el('p', { className: 'statement-tag', text: summary }));
  if (statement.columns.length > 0) {
    const lengths = new Map(
      (statement.longValues ?? []).map(({ row, column, length }) => [`${row}:${column}`, length]),
    );
    section.append(
      renderTable(statement.columns, statement.rows, `Result of ${statement.command}`, (value, row, column) =>
        renderCell(value, cellLimit, lengths.get(`${row}:${column}`)),
      ),
    );
    if (rowCount > statement.rows.length) {
      section.append(
        el('p', {
          className: 'outcome-note',
          text: `${plural(rowCount - statement.rows.length, `more ${unit}`)} not shown (${plural(rowCount, unit)} in all).`,
        }),
      );
    }
  }
  return section;
}

type CellRenderer = (value: string | null, row: number, column: number) => HTMLTableCellElement;

/**
 * A table in a scroll box. The box can take focus (keyboard users can scroll it) and shows a shadow
 * at an edge while more columns hide beyond it.
 */
export function renderTable(
  columns: string[],
  rows: Row[],
  caption: string,
  cell: CellRenderer = (value) => renderCell(value, cellLimit),
): HTMLElement {
  const table = el('table');
  table.append(el('caption', { className: 'visually-hidden', text: caption }));
  const head = el('tr');
  for (const column of columns) head.append(el('th', { text: column, attrs: { scope: 'col' } }));
  table.append(el('thead', {}, head));
  const body = el('tbody');
  rows.forEach((row, rowIndex) => {
    const tr = el('tr');
    row.forEach((value, column) => {
      tr.append(cell(value, rowIndex, column));
    });
    body.append(tr);
  });
  table.append(body);
  return el(
    'div',
    { className: 'table-scroll', attrs: { tabindex: '0', role: 'region', 'aria-label': caption } },
    table,
  );
}

/**
 * One value. Longer than `limit`, it is shortened (the start, or both ends with `middle`) with a
 * button that shows all of it. `fullLength` is the value's length before the engine cut it.
 */
export function renderCell(
  value: string | null,
  limit: number,
  fullLength?: number,
  middle = false,
): HTMLTableCellElement {
  if (value === null) {
    return el(
      'td',
      { className: 'null' },
      el('span', { text: 'NULL', attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'visually-hidden', text: 'null value' }),
    );
  }
  const chars = value.length > limit * 4 ? null : [...value];
  const length = chars ? chars.length : value.length;
  if (length <= limit && fullLength === undefined) return el('td', { text: value });
  // By characters, not UTF-16 units, so an emoji or other astral character is never cut in two.
  const head = (n: number) => (chars ? chars.slice(0, n).join('') : value.slice(0, n));
  const tail = (n: number) => (chars ? chars.slice(-n).join('') : value.slice(-n));
  const short = middle ? `${head(Math.ceil(limit / 2))}…${tail(Math.floor(limit / 2))}` : `${head(limit)}…`;
  const cell = el('td', { className: 'long-value' });
  const text = el('span', { text: short });
  const total = fullLength ?? length;
  const all =
    fullLength === undefined
      ? `Show all ${plural(total, 'character')}`
      : `Show ${plural(value.length, 'character')}`;
  const toggle = button(
    all,
    () => {
      const expanded = toggle.getAttribute('aria-expanded') === 'true';
      text.textContent = expanded ? short : value;
      toggle.setAttribute('aria-expanded', String(!expanded));
      toggle.textContent = expanded ? all : 'Show less';
    },
    'link-button',
  );
  toggle.setAttribute('aria-expanded', 'false');
  cell.append(text, ' ', toggle);
  if (fullLength !== undefined) {
    cell.append(
      el('span', {
        className: 'cell-note',
        text: ` (${plural(fullLength, 'character')} in all; only the first ${value.length.toLocaleString('en')} were sent to the page)`,
      }),
    );
  }
  return cell;
}

/** What a run changed, table by table; a note when it changed nothing. */
export function renderObservation(outcome: Outcome, observation: Observation): HTMLElement | null {
  if (observation.changes.length > 0) return renderChanges(observation.changes);
  if (outcome.result.ok && outcome.result.statements.length > 0) {
    return el('p', { className: 'outcome-note', text: 'No table changed.' });
  }
  return null;
}

function renderChanges(changes: TableChange[]): HTMLElement {
  const box = el('div', { className: 'changes' });
  box.append(el('p', { className: 'changes-title', text: 'What changed' }));
  for (const change of changes) {
    const { summary, lines, note } = describeChange(change, changeRows);
    const item = el('div', { className: 'change' });
    item.append(el('p', {}, el('code', { text: change.table }), `: ${summary}`));
    if (lines.length > 0) {
      const table = renderTable(
        ['change', ...change.columns],
        lines.map((line) => line.row),
        `Rows changed in ${change.table}`,
        (value, row, column) => {
          const cell = renderCell(value, changeLimit, undefined, true);
          if (lines[row]?.differs?.has(column)) {
            cell.classList.add('cell-changed');
            cell.prepend(el('span', { className: 'visually-hidden', text: 'changed: ' }));
          }
          return cell;
        },
      );
      item.append(table);
    }
    if (note) item.append(el('p', { className: 'outcome-note', text: note }));
    box.append(item);
  }
  return box;
}

/** Said after every run while the public schema is missing, so that what fails next makes sense. */
export const noPublicSchemaText =
  'The public schema is gone, and every table of the lesson with it. New tables have nowhere to go ' +
  '(PostgreSQL says “no schema has been selected to create in”) until CREATE SCHEMA public makes an ' +
  'empty one; Reset lesson brings back the lesson’s tables.';

function noPublicSchemaNote(): HTMLElement {
  return el('p', {
    className: 'outcome-note no-public-schema',
    attrs: { role: 'status' },
    text: noPublicSchemaText,
  });
}

/**
 * When a run's observation arrives: what it changed, before its time, and its write path at the end
 * of `output`, which is then marked observed. Left alone if `current()` says `output` has moved on to
 * another run, or the engine broke before observing.
 */
export function showWhenObserved(
  output: HTMLElement,
  outcome: Outcome,
  observed: Promise<Observed | undefined>,
  describeRun: (outcome: Outcome, observed: Observed) => HTMLElement | null,
  current: () => boolean = () => true,
): void {
  void observed.then((seen) => {
    if (!seen || !current()) return;
    const changes = renderObservation(outcome, seen.observation);
    const time = output.querySelector('.outcome-time');
    if (changes) (time ?? output).before(changes);
    if (seen.observation.noPublicSchema) (time ?? output).before(noPublicSchemaNote());
    const path = describeRun(outcome, seen);
    if (path) output.append(path);
    output.dataset['observed'] = 'true';
  });
}
