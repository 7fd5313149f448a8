import { renderCell, renderTable } from '../client/renderOutcome';
import { el, plural } from '../ui/dom';
import type { StepReport } from './report';

/** Values longer than this are shortened in the middle on a slide: nobody reads a hash from the back row. */
const slideCell = 32;

/** One value: both ends of a long one (the version suffix and the start matter), with no button. */
function slideValue(value: string | null): HTMLTableCellElement {
  if (value === null || [...value].length <= slideCell) return renderCell(value, slideCell);
  const chars = [...value];
  const keep = (slideCell - 1) / 2;
  const short = `${chars.slice(0, Math.ceil(keep)).join('')}…${chars.slice(-Math.floor(keep)).join('')}`;
  return el('td', { className: 'long-value', text: short, attrs: { title: value } });
}

/**
 * A run, sized for a room: the verdict, PostgreSQL's error, then the rows and what changed side by
 * side when there is room for both. The speaker window draws the same report.
 */
export function compactResult(report: StepReport): HTMLElement {
  const root = el('div', { className: 'present-outcome' });
  if (report.stopped) {
    root.append(
      el('p', { className: 'stopped', attrs: { role: 'alert' }, text: report.stopped[0] ?? '' }),
      ...report.stopped.slice(1).map((text) => el('p', { className: 'stopped-problem', text })),
    );
    return root;
  }
  if (report.verdict) {
    const { pass, message } = report.verdict;
    root.append(el('p', { className: `verdict verdict-${pass ? 'pass' : 'fail'}`, text: message }));
  }
  if (report.error) {
    const { code, name, message, constraint } = report.error;
    root.append(
      el(
        'p',
        { className: 'present-error' },
        el('strong', { text: `${code} ${name}` }),
        `: ${message}${constraint ? ` (${constraint})` : ''}`,
      ),
    );
  }
  const parts = el('div', { className: 'present-parts' });
  if (report.rows) {
    const { command, columns, rows, more } = report.rows;
    const table = el(
      'div',
      { className: 'present-rows' },
      renderTable(columns, rows, `Result: ${command}`, slideValue),
    );
    if (more > 0)
      table.append(el('p', { className: 'outcome-note', text: `and ${plural(more, 'more row')}` }));
    parts.append(table);
  }
  if (report.changes.length > 0) {
    const list = el('ul', { className: 'present-changes' });
    for (const change of report.changes) {
      list.append(el('li', {}, el('code', { text: change.table }), `: ${change.what}`));
    }
    parts.append(
      el(
        'section',
        { className: 'present-changed', attrs: { 'aria-label': 'What changed' } },
        el('p', { className: 'present-changed-title', text: 'What changed' }),
        list,
      ),
    );
  }
  if (parts.childElementCount > 0) root.append(parts);
  return root;
}
