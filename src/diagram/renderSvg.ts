import { type Layout, subline } from './layout';

const svgNs = 'http://www.w3.org/2000/svg';
let instances = 0;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number> = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  // Names come from the database: always text, never markup.
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Lines of text, one under the other from `y`: a box's name, as the layout broke it. */
function lines(x: number, y: number, height: number, className: string, text: string[]): SVGTextElement {
  const node = svg('text', { x, y, class: className });
  for (const [index, line] of text.entries()) {
    node.append(svg('tspan', { x, ...(index > 0 ? { dy: height } : {}) }, line));
  }
  return node;
}

/** An arrowhead per state of an edge, named after the diagram so that two diagrams on a page do not share them. */
function arrowHeads(id: string): SVGElement {
  const defs = svg('defs');
  for (const kind of ['idle', 'fired', 'failed']) {
    const marker = svg('marker', {
      id: `${id}-${kind}`,
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerUnits: 'userSpaceOnUse',
      markerWidth: 9,
      markerHeight: 9,
      orient: 'auto-start-reverse',
    });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `diagram-arrow diagram-arrow-${kind}` }));
    defs.append(marker);
  }
  return defs;
}

/** Draws a laid-out diagram. The picture is decorative for screen readers: the table view says it all. */
export function renderSvg(layout: Layout, summary: string): SVGSVGElement {
  const id = `cqrs-diagram-${++instances}`;
  const root = svg('svg', {
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: layout.width,
    height: layout.height,
    class: 'diagram-svg',
    role: 'img',
    'aria-label': summary,
  });
  root.append(arrowHeads(id));

  for (const heading of layout.headings) {
    const group = svg('g', { class: `diagram-heading${heading.warn ? ' diagram-warn' : ''}` });
    group.append(svg('text', { x: 0, y: heading.y + 15, class: 'diagram-heading-text' }, heading.text));
    if (heading.detail) {
      group.append(
        svg(
          'text',
          { x: layout.width, y: heading.y + 15, class: 'diagram-heading-detail', 'text-anchor': 'end' },
          heading.detail,
        ),
      );
    }
    root.append(group);
  }

  for (const { table, x, y, w, h, name, sub } of layout.boxes) {
    const classes = ['diagram-table', `diagram-${table.role}`];
    if (table.change) classes.push('diagram-changed');
    if (table.missing) classes.push('diagram-missing');
    if (table.guard?.state === 'refused') classes.push('diagram-refused');
    const group = svg('g', { class: classes.join(' '), 'data-table': table.name, 'data-role': table.role });
    if (table.guard) group.dataset['guard'] = table.guard.state;
    const title = svg('title', {}, [table.name, subline(table)].filter(Boolean).join(': '));
    group.append(title, svg('rect', { x: x + 0.5, y: y + 0.5, width: w - 1, height: h - 1, rx: 6 }));
    group.append(lines(x + 8, y + 17, 15, 'diagram-name', name));
    if (sub.length > 0) group.append(lines(x + 8, y + 17 + 15 * name.length, 13, 'diagram-sub', sub));
    root.append(group);
  }

  // Every arrow first, then every label, so that no arrow is drawn across another's name.
  const labels = svg('g', { class: 'diagram-labels' });
  for (const { edge, path, label } of layout.edges) {
    const classes = ['diagram-edge', `diagram-edge-${edge.state}`];
    if (!edge.enabled) classes.push('diagram-edge-disabled');
    if (edge.isNew) classes.push('diagram-edge-new');
    const group = svg('g', {
      class: classes.join(' '),
      'data-from': edge.from,
      'data-to': edge.to,
      'data-trigger': edge.trigger,
      'data-state': edge.state,
    });
    group.append(
      svg('title', {}, `${edge.trigger} on ${edge.from} → ${edge.to} (${edge.action}, ${edge.function}())`),
      svg('path', { d: path, 'marker-end': `url(#${id}-${edge.state})` }),
    );
    root.append(group);
    const text = svg('g', { class: classes.join(' ') });
    text.append(
      svg('text', { x: label.x, y: label.y, 'text-anchor': 'end', class: 'diagram-label' }, edge.trigger),
    );
    labels.append(text);
  }
  root.append(labels);
  return root;
}
