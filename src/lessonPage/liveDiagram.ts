import { activityOf } from '../client/activity';
import type { EngineClient, Observed } from '../client/EngineClient';
import type { SchemaStore } from '../client/editor/SchemaStore';
import { DiagramView } from '../diagram/DiagramView';
import { columnsByTable } from '../engine/catalog';
import type { Outcome } from '../engine/execute';
import { el } from '../ui/dom';

/**
 * The diagram of the whole schema under the lesson's header, kept up to date from the catalog and
 * the triggers each run fired; the live schema the editors complete from follows too. Returns how
 * one run's write path is drawn.
 */
export function mountLiveDiagram(root: HTMLElement, engine: EngineClient, schema: SchemaStore) {
  const live = new DiagramView({ mode: 'live', caption: 'The database now.' });
  const box = el(
    'details',
    { className: 'live-diagram' },
    el('summary', { text: 'Live diagram: write tables, read tables and the triggers between them' }),
    live.element,
  );
  box.open = window.matchMedia('(min-width: 48rem)').matches;
  root.querySelector('.lesson-header')?.after(box);
  engine.on('catalog', (next) => {
    schema.set(columnsByTable(next));
    live.show(next);
  });
  engine.on('ran', (_source, outcome, observed) => {
    if (observed.observation.catalog) schema.set(columnsByTable(observed.catalog));
    live.show(observed.catalog, activityOf(outcome, observed));
  });
  return (outcome: Outcome, observed: Observed): HTMLElement | null => {
    const view = new DiagramView({ mode: 'run', caption: 'The write path of this run.' });
    return view.show(observed.catalog, activityOf(outcome, observed)) ? view.element : null;
  };
}
