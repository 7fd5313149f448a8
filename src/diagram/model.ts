import type { Catalog, CatalogTrigger } from '../engine/catalog';
import type { TableChange } from '../engine/tableChanges';

/** What one run did, as PostgreSQL reported it: the diagram highlights exactly this. */
export interface Activity {
  changes: TableChange[];
  /** Functions that ran (and returned), with how many times. */
  fired: Record<string, number>;
  /** Functions the error came from: they ran, then failed. */
  failedIn: string[];
  /** The table an error names, if any (a guard names the table it protects). */
  errorTable?: string;
  /** The schema before the run: triggers it created are shown as new. */
  before?: Catalog;
}

export type Role = 'write' | 'read' | 'other';

export interface DiagramTable {
  name: string;
  role: Role;
  /** The name without its version suffix: `users` for `users_2`. */
  base: string;
  version?: number;
  /** A table a trigger writes to that does not exist (any more). */
  missing: boolean;
  /** Events an append-only guard refuses, if the table has one. */
  guard?: { trigger: string; function: string; events: string[]; state: 'idle' | 'refused' };
  /** What this run did to it. */
  change?: {
    added: number;
    changed: number;
    removed: number;
    countDelta?: number;
    kind: TableChange['kind'];
  };
}

export interface DiagramEdge {
  /** trigger@table→target, unique. */
  id: string;
  trigger: string;
  function: string;
  from: string;
  to: string;
  /** What the trigger does to its target, read from its function's source. */
  action: 'insert' | 'update' | 'delete' | 'write';
  enabled: boolean;
  /** fired: ran and returned; failed: ran and raised the error that undid the run. */
  state: 'idle' | 'fired' | 'failed';
  calls?: number;
  /** Created by the run. */
  isNew: boolean;
}

export interface DiagramGroup {
  /** The read model: `users`. */
  model: string;
  reads: string[];
  writes: string[];
  /** Feed triggers into this model's read tables, and how many the equal-and-earlier rule calls for. */
  feeds: number;
  expected: number;
}

export interface Diagram {
  tables: DiagramTable[];
  edges: DiagramEdge[];
  groups: DiagramGroup[];
  /** Write tables that feed no read table. */
  unfed: string[];
  /** Tables that follow neither naming convention, shown apart. */
  others: string[];
  /** Functions that ran but back more than one trigger, so which one fired cannot be told. */
  shared: { function: string; calls: number; triggers: string[] }[];
}

/** Words in the past tense that do not end in -ed, as command tables are named. */
const irregular = new Set(
  'sent made paid sold built bought held kept left lost set spent taken given done written chosen frozen drawn shown begun put read cut shut split won'.split(
    ' ',
  ),
);

/** `users_2` → users, 2; `scratch` → scratch, no version. */
export function parseName(name: string): { base: string; version?: number } {
  const match = /^(.+)_(\d+)$/.exec(name);
  return match ? { base: match[1] ?? name, version: Number(match[2]) } : { base: name };
}

function pastTense(base: string): boolean {
  const last = base.split('_').at(-1) ?? '';
  return last.endsWith('ed') || irregular.has(last);
}

/** The tables a function writes to, from its source: INSERT INTO, UPDATE, DELETE FROM. */
export function writeTargets(source: string): { table: string; action: DiagramEdge['action'] }[] {
  const code = source.replace(/--[^\n]*/g, ' ').replace(/'(?:[^']|'')*'/g, "''");
  const found: { table: string; action: DiagramEdge['action'] }[] = [];
  // UPDATE after DO, FOR, KEY or ON is a clause (upsert, row lock, foreign key action), not a write.
  const pattern =
    /\b(INSERT\s+INTO|(?<!\b(?:DO|FOR|KEY|ON)\s+)UPDATE|DELETE\s+FROM)\s+(?:ONLY\s+)?(?:(?:"public"|public)\.)?(?:"([^"]+)"|([A-Za-z_][A-Za-z0-9_]*))/gi;
  for (const [, verb = '', quoted, bare = ''] of code.matchAll(pattern)) {
    const word = verb.toUpperCase();
    const action = word.startsWith('INSERT') ? 'insert' : word === 'UPDATE' ? 'update' : 'delete';
    // PostgreSQL folds unquoted names to lower case.
    const table = quoted ?? bare.toLowerCase();
    // One arrow per table: a function that both inserts and updates it (an upsert by hand) writes it.
    const earlier = found.find((item) => item.table === table);
    if (!earlier) found.push({ table, action });
    else if (earlier.action !== action) earlier.action = 'write';
  }
  return found;
}

function isGuard(trigger: CatalogTrigger, targets: unknown[]): boolean {
  return (
    trigger.timing === 'before' &&
    targets.length === 0 &&
    trigger.events.length > 0 &&
    trigger.events.every((event) => event !== 'insert')
  );
}

/**
 * The CQRS picture of a catalog: write tables, read tables grouped by read model, one edge per
 * trigger and table it writes to, guards, and what a run did. Everything comes from the catalog
 * and PostgreSQL's counters, nothing from the lesson text.
 */
export function buildDiagram(catalog: Catalog, activity?: Activity): Diagram {
  const triggersOf = new Map<string, string[]>();
  for (const trigger of catalog.triggers) {
    triggersOf.set(trigger.function, [
      ...(triggersOf.get(trigger.function) ?? []),
      `${trigger.name} on ${trigger.table}`,
    ]);
  }
  const shared = new Set([...triggersOf].filter(([, list]) => list.length > 1).map(([fn]) => fn));
  const { edges, guards } = edgesAndGuards(catalog, shared, activity);
  const tables = tablesOf(catalog, edges, guards, activity);
  const { groups, unfed } = groupsOf(tables, edges);
  const sharedFired = Object.entries(activity?.fired ?? {})
    .filter(([fn]) => shared.has(fn))
    .map(([fn, calls]) => ({ function: fn, calls, triggers: triggersOf.get(fn) ?? [] }));
  return {
    tables,
    edges,
    groups,
    unfed,
    others: tables.filter((table) => table.role === 'other').map((table) => table.name),
    shared: sharedFired,
  };
}

type Guards = Map<string, NonNullable<DiagramTable['guard']>>;

/**
 * One edge per trigger and table it writes to, and the guards (triggers that only refuse). A
 * function shared by several triggers cannot say which of them fired, so none is marked fired.
 */
function edgesAndGuards(catalog: Catalog, shared: Set<string>, activity?: Activity) {
  const edges: DiagramEdge[] = [];
  const guards: Guards = new Map();
  const existed = activity?.before
    ? new Set(activity.before.triggers.map((trigger) => `${trigger.table}.${trigger.name}`))
    : undefined;
  for (const trigger of catalog.triggers) {
    let targets = writeTargets(trigger.source).filter((target) => target.table !== trigger.table);
    const conventional = /^feed_(.+)$/.exec(trigger.name)?.[1];
    if (targets.length === 0 && conventional && trigger.events.includes('insert')) {
      targets = [{ table: conventional, action: 'write' }];
    }
    const failed = activity?.failedIn.includes(trigger.function) === true;
    if (isGuard(trigger, targets)) {
      const refused = failed && activity?.errorTable === trigger.table;
      guards.set(trigger.table, {
        trigger: trigger.name,
        function: trigger.function,
        events: trigger.events,
        state: refused ? 'refused' : 'idle',
      });
      continue;
    }
    const calls = activity?.fired[trigger.function];
    const fired = calls !== undefined && !shared.has(trigger.function);
    for (const target of targets) {
      edges.push({
        id: `${trigger.name}@${trigger.table}→${target.table}`,
        trigger: trigger.name,
        function: trigger.function,
        from: trigger.table,
        to: target.table,
        action: target.action,
        enabled: trigger.enabled,
        state: failed ? 'failed' : fired ? 'fired' : 'idle',
        ...(fired ? { calls } : {}),
        isNew: existed !== undefined && !existed.has(`${trigger.table}.${trigger.name}`),
      });
    }
  }
  return { edges, guards };
}

/** Every table, and every table a trigger writes that does not exist, with its role and changes. */
function tablesOf(
  catalog: Catalog,
  edges: DiagramEdge[],
  guards: Guards,
  activity?: Activity,
): DiagramTable[] {
  const names = new Set(catalog.tables.filter((table) => table.kind === 'table').map((table) => table.name));
  const changes = new Map((activity?.changes ?? []).map((change) => [change.table, change]));
  const allNames = [...names, ...edges.map((edge) => edge.to).filter((to) => !names.has(to))];
  return [...new Set(allNames)].sort().map((name) => {
    const { base, version } = parseName(name);
    const guard = guards.get(name);
    let role: Role;
    if (edges.some((edge) => edge.from === name) || guard || (version !== undefined && pastTense(base)))
      role = 'write';
    else if (edges.some((edge) => edge.to === name) || version !== undefined) role = 'read';
    else role = 'other';
    const change = changes.get(name);
    const table: DiagramTable = {
      name,
      role,
      base,
      missing: !names.has(name),
      ...(version === undefined ? {} : { version }),
    };
    if (guard) table.guard = guard;
    if (change) {
      table.change = {
        kind: change.kind,
        added: change.added.length,
        changed: change.changed.length,
        removed: change.removed.length,
        ...(change.countDelta === undefined ? {} : { countDelta: change.countDelta }),
      };
    }
    return table;
  });
}

/**
 * Read tables grouped by read model with the write tables that feed them, and how many feeds each
 * group has against how many it should (one per write version and read version not older).
 */
function groupsOf(tables: DiagramTable[], edges: DiagramEdge[]) {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const versionOf = (name: string) => byName.get(name)?.version ?? 0;
  const groups = new Map<string, DiagramGroup>();
  const group = (model: string) => {
    let found = groups.get(model);
    if (!found) {
      found = { model, reads: [], writes: [], feeds: 0, expected: 0 };
      groups.set(model, found);
    }
    return found;
  };
  for (const table of tables.filter((item) => item.role === 'read')) group(table.base).reads.push(table.name);
  const unfed: string[] = [];
  for (const table of tables.filter((item) => item.role === 'write')) {
    const target = edges
      .filter((edge) => edge.from === table.name)
      .map((edge) => byName.get(edge.to))
      .find((item) => item?.role === 'read');
    if (target) group(target.base).writes.push(table.name);
    else unfed.push(table.name);
  }
  for (const item of groups.values()) {
    item.feeds = edges.filter((edge) => item.reads.includes(edge.to)).length;
    for (const write of item.writes) {
      for (const read of item.reads) if (versionOf(write) <= versionOf(read)) item.expected += 1;
    }
    item.reads.sort((a, b) => versionOf(a) - versionOf(b));
    item.writes.sort((a, b) => versionOf(a) - versionOf(b) || a.localeCompare(b));
  }
  return { groups: [...groups.values()].sort((a, b) => a.model.localeCompare(b.model)), unfed };
}

/** Whether a run touched anything the diagram shows. */
export function isActive(diagram: Diagram): boolean {
  return (
    diagram.edges.some((edge) => edge.state !== 'idle' || edge.isNew) ||
    diagram.tables.some((table) => table.change || table.guard?.state === 'refused')
  );
}

/**
 * Only what a run touched: the tables it changed, the guard that refused it, the triggers that fired
 * and the tables at their ends. Empty when the run touched nothing the diagram shows.
 */
export function focusOnActivity(diagram: Diagram): Diagram {
  const edges = diagram.edges.filter((edge) => edge.state !== 'idle' || edge.isNew);
  const keep = new Set<string>(edges.flatMap((edge) => [edge.from, edge.to]));
  for (const table of diagram.tables)
    if (table.change || table.guard?.state === 'refused') keep.add(table.name);
  const groups = diagram.groups
    .map((group) => ({
      ...group,
      reads: group.reads.filter((name) => keep.has(name)),
      writes: group.writes.filter((name) => keep.has(name)),
    }))
    .filter((group) => group.reads.length + group.writes.length > 0);
  return {
    tables: diagram.tables.filter((table) => keep.has(table.name)),
    edges,
    groups,
    unfed: diagram.unfed.filter((name) => keep.has(name)),
    others: diagram.others.filter((name) => keep.has(name)),
    shared: diagram.shared,
  };
}

/** A short phrase for what a run did to a table: "+1 row", "1 changed", "created, 3 rows". */
export function describeChange(change: NonNullable<DiagramTable['change']>): string {
  const count = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
  if (change.kind === 'created') return 'created';
  if (change.kind === 'dropped') return 'dropped';
  const parts: string[] = [];
  if (change.added > 0) parts.push(`+${count(change.added, 'row')}`);
  if (change.changed > 0) parts.push(`${change.changed.toLocaleString('en')} changed`);
  if (change.removed > 0) parts.push(`−${count(change.removed, 'row')}`);
  if (change.countDelta)
    parts.push(`${change.countDelta > 0 ? '+' : '−'}${count(Math.abs(change.countDelta), 'row')}`);
  return parts.join(', ');
}
