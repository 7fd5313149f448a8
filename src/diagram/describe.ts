import { type Diagram, type DiagramEdge, describeChange, isActive } from './model';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function edgeState(edge: DiagramEdge): string {
  if (edge.isNew) return ', created this run';
  if (edge.state === 'fired') return `, fired${edge.calls && edge.calls > 1 ? ` ${edge.calls}×` : ''}`;
  if (edge.state === 'failed') return ', fired and failed';
  return edge.enabled ? '' : ', disabled';
}

/** One sentence for the whole picture, and one for what the run did: the figure's accessible name. */
export function summarize(diagram: Diagram): string {
  const writes = diagram.tables.filter((table) => table.role === 'write').length;
  const reads = diagram.tables.filter((table) => table.role === 'read' && !table.missing).length;
  const parts = [
    `${plural(writes, 'write table')} ${writes === 1 ? 'feeds' : 'feed'} ${plural(reads, 'read table')} through ${plural(diagram.edges.length, 'trigger')}.`,
  ];
  if (diagram.unfed.length > 0)
    parts.push(`${diagram.unfed.join(', ')} feed${diagram.unfed.length === 1 ? 's' : ''} no read table.`);
  if (isActive(diagram)) parts.push(`Last run: ${activitySentence(diagram)}.`);
  return parts.join(' ');
}

/** What a run did, in words: "feed_users_0 fired into users_0; users_0 +1 row". */
export function activitySentence(diagram: Diagram): string {
  const parts: string[] = [];
  for (const edge of diagram.edges) {
    if (edge.isNew) parts.push(`${edge.trigger} created on ${edge.from}, feeding ${edge.to}`);
    if (edge.state === 'fired') parts.push(`${edge.trigger} fired from ${edge.from} into ${edge.to}`);
    if (edge.state === 'failed')
      parts.push(
        `${edge.trigger} fired from ${edge.from} into ${edge.to} and failed, so the write was undone`,
      );
  }
  for (const table of diagram.tables) {
    if (table.guard?.state === 'refused') parts.push(`the append-only guard on ${table.name} refused`);
    if (table.change) parts.push(`${table.name} ${describeChange(table.change)}`);
  }
  for (const shared of diagram.shared)
    parts.push(`${shared.function}() ran ${shared.calls}× (shared by ${shared.triggers.join(', ')})`);
  return parts.join('; ') || 'nothing the diagram shows';
}

/** The diagram as rows of text, for screen readers and for anyone who prefers a table. */
export function describeRows(diagram: Diagram): string[][] {
  const rows: string[][] = [];
  const order = [
    ...diagram.groups.flatMap((group) => [...group.writes, ...group.reads]),
    ...diagram.unfed,
    ...diagram.others,
  ];
  const byName = new Map(diagram.tables.map((table) => [table.name, table]));
  for (const name of order) {
    const table = byName.get(name);
    if (!table) continue;
    let kind =
      table.role === 'other'
        ? 'other'
        : `${table.role}, ${table.base}${table.version === undefined ? '' : ` v${table.version}`}`;
    if (table.missing) kind += ', does not exist';
    if (table.guard) kind += `, append-only${table.guard.state === 'refused' ? ' (refused this run)' : ''}`;
    const out = diagram.edges.filter((edge) => edge.from === name);
    const into = diagram.edges.filter((edge) => edge.to === name);
    const links = [
      ...out.map((edge) => `feeds ${edge.to} (${edge.trigger}${edgeState(edge)})`),
      ...into.map((edge) => `fed by ${edge.from} (${edge.trigger}${edgeState(edge)})`),
    ];
    if (table.role === 'write' && out.length === 0) links.push('feeds no read table');
    rows.push([name, kind, links.join('; ') || '—', table.change ? describeChange(table.change) : '']);
  }
  return rows;
}
