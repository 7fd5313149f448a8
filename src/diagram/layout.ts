import { type Diagram, type DiagramEdge, type DiagramTable, describeChange } from './model';
import { wrapText } from './wrapText';

export interface Box {
  table: DiagramTable;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The table's name, broken into lines that fit the box. */
  name: string[];
  /** What the box says under the name (append-only, refused, what changed), in lines. */
  sub: string[];
}

export interface PlacedEdge {
  edge: DiagramEdge;
  /** SVG path data from the write table's right side to the read table's left side. */
  path: string;
  label: { x: number; y: number };
}

export interface Heading {
  text: string;
  detail: string;
  y: number;
  warn: boolean;
}

export interface Layout {
  width: number;
  height: number;
  boxes: Box[];
  edges: PlacedEdge[];
  headings: Heading[];
}

const headingH = 22;
const gapY = 10;
const portGap = 17;
const minBoxH = 40;
/** Rough width of one character of the 10 px monospaced edge labels. */
const labelChar = 6.1;
/** Line heights of a box's name (12 px) and its subline (10.5 px), and the characters a box holds. */
const nameLineH = 15;
const subLineH = 13;
const fits = (width: number, size: number) => Math.floor((width - 14) / (size * 0.61));

/** What a box says under the table's name. */
export function subline(table: DiagramTable): string {
  const parts: string[] = [];
  if (table.missing) parts.push('does not exist');
  if (table.guard) parts.push(table.guard.state === 'refused' ? 'append-only: refused' : 'append-only');
  if (table.change) parts.push(describeChange(table.change));
  return parts.join(' · ');
}

/**
 * Places a diagram in `width` pixels: write tables on the left, read tables on the right, one band
 * per read model, arrows between them with their trigger's name on the straight end of each arrow.
 * Narrow widths get narrower boxes, not smaller type. `counts` adds each read model's W×R line,
 * which only makes sense for the whole schema.
 */
export function layoutDiagram(diagram: Diagram, width: number, counts = true): Layout {
  const colW = Math.max(118, Math.min(210, Math.floor((width - 90) / 2)));
  const total = Math.max(width, 2 * colW + 70);
  const byName = new Map(diagram.tables.map((table) => [table.name, table]));
  const boxAt = boxMaker(diagram, colW);
  const boxes: Box[] = [];
  const headings: Heading[] = [];
  let y = 0;
  /** A column of boxes from `top` at `x`; where it ends. */
  const column = (names: string[], x: number, top: number) => {
    let at = top;
    for (const table of names.flatMap((name) => byName.get(name) ?? [])) {
      const box = boxAt(table, x, at);
      boxes.push(box);
      at += box.h + gapY;
    }
    return at;
  };
  const band = (heading: Omit<Heading, 'y'>, left: string[], right: string[]) => {
    headings.push({ ...heading, y });
    y += headingH;
    y = Math.max(column(left, 0, y), column(right, total - colW, y)) + 4;
  };

  for (const group of diagram.groups) {
    const feeds = `${group.feeds} feed trigger${group.feeds === 1 ? '' : 's'}`;
    const rule = group.feeds === group.expected ? '' : `; the rule calls for ${group.expected}`;
    band(
      {
        text: `${group.model}`,
        detail: counts ? `W ${group.writes.length} × R ${group.reads.length}: ${feeds}${rule}` : '',
        warn: counts && group.feeds !== group.expected,
      },
      group.writes,
      group.reads,
    );
  }
  if (diagram.unfed.length > 0) {
    band(
      { text: 'Feeding nothing', detail: 'no read table checks these writes', warn: true },
      diagram.unfed,
      [],
    );
  }
  if (diagram.others.length > 0) {
    headings.push({
      text: 'Other tables',
      detail: 'neither a versioned write nor read table',
      warn: false,
      y,
    });
    const others = diagram.others.flatMap((name) => byName.get(name) ?? []);
    y = placeRows(others, y + headingH, total, colW, boxAt, boxes);
  }
  return { width: total, height: Math.max(y, 10), boxes, edges: placeEdges(diagram.edges, boxes), headings };
}

/** Makes a table's box at a place: its name and subline wrapped to the column, tall enough for its ports. */
function boxMaker(diagram: Diagram, colW: number) {
  const outs = (name: string) => diagram.edges.filter((edge) => edge.from === name).length;
  const ins = (name: string) => diagram.edges.filter((edge) => edge.to === name).length;
  return (table: DiagramTable, x: number, y: number): Box => {
    const sub = subline(table);
    const text = {
      name: wrapText(table.name, fits(colW, 12)),
      sub: sub ? wrapText(sub, fits(colW, 10.5)) : [],
    };
    const textH = 10 + text.name.length * nameLineH + text.sub.length * subLineH;
    const h = Math.max(minBoxH, textH, 16 + portGap * Math.max(outs(table.name), ins(table.name)));
    return { table, x, y, w: colW, h, ...text };
  };
}

/** Boxes in rows across the whole width from `top`; where the last row ends. */
function placeRows(
  tables: DiagramTable[],
  top: number,
  total: number,
  colW: number,
  boxAt: ReturnType<typeof boxMaker>,
  boxes: Box[],
): number {
  let y = top;
  let x = 0;
  let rowH = minBoxH;
  for (const table of tables) {
    if (x + colW > total) {
      x = 0;
      y += rowH + gapY;
      rowH = minBoxH;
    }
    const box = boxAt(table, x, y);
    rowH = Math.max(rowH, box.h);
    boxes.push(box);
    x += colW + gapY;
  }
  return y + rowH + gapY;
}

/**
 * An arrow per edge between placed boxes, from the write table's right side to the read table's
 * left; several arrows leave and arrive at ports spread along the side, in the order of the boxes
 * at their other end, so they do not cross near the boxes.
 */
function placeEdges(all: DiagramEdge[], boxes: Box[]): PlacedEdge[] {
  const boxOf = new Map(boxes.map((box) => [box.table.name, box]));
  const port = (box: Box, index: number, count: number) => box.y + (box.h * (index + 1)) / (count + 1);
  const edges: PlacedEdge[] = [];
  const placeable = all.filter((edge) => boxOf.has(edge.from) && boxOf.has(edge.to));
  const centre = (name: string) => {
    const box = boxOf.get(name);
    return box ? box.y + box.h / 2 : 0;
  };
  for (const edge of placeable) {
    const from = boxOf.get(edge.from);
    const to = boxOf.get(edge.to);
    if (!from || !to) continue;
    const siblingsOut = placeable
      .filter((item) => item.from === edge.from)
      .sort((a, b) => centre(a.to) - centre(b.to));
    const siblingsIn = placeable
      .filter((item) => item.to === edge.to)
      .sort((a, b) => centre(a.from) - centre(b.from));
    const sx = from.x + from.w;
    const sy = port(from, siblingsOut.indexOf(edge), siblingsOut.length);
    const tx = to.x;
    const ty = port(to, siblingsIn.indexOf(edge), siblingsIn.length);
    const straight = Math.min(edge.trigger.length * labelChar + 10, Math.max(20, (tx - sx) * 0.7));
    const bend = Math.max(8, (tx - straight - sx) / 2);
    const path = `M${sx},${sy} C${sx + bend},${sy} ${tx - straight - bend},${ty} ${tx - straight},${ty} L${tx - 2},${ty}`;
    edges.push({ edge, path, label: { x: tx - 7, y: ty - 5 } });
  }
  return edges;
}
