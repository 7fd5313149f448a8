/** PostgreSQL's table-level lock modes, weakest first, as pg_locks names them. */
export const lockModes = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
] as const;
export type LockMode = (typeof lockModes)[number];

/** PostgreSQL's conflict table ("Conflicting Lock Modes" in the manual): which modes each one blocks. */
const conflicts: Record<LockMode, LockMode[]> = {
  AccessShareLock: ['AccessExclusiveLock'],
  RowShareLock: ['ExclusiveLock', 'AccessExclusiveLock'],
  RowExclusiveLock: ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareUpdateExclusiveLock: [
    'ShareUpdateExclusiveLock',
    'ShareLock',
    'ShareRowExclusiveLock',
    'ExclusiveLock',
    'AccessExclusiveLock',
  ],
  ShareLock: [
    'RowExclusiveLock',
    'ShareUpdateExclusiveLock',
    'ShareRowExclusiveLock',
    'ExclusiveLock',
    'AccessExclusiveLock',
  ],
  ShareRowExclusiveLock: [
    'RowExclusiveLock',
    'ShareUpdateExclusiveLock',
    'ShareLock',
    'ShareRowExclusiveLock',
    'ExclusiveLock',
    'AccessExclusiveLock',
  ],
  ExclusiveLock: [
    'RowShareLock',
    'RowExclusiveLock',
    'ShareUpdateExclusiveLock',
    'ShareLock',
    'ShareRowExclusiveLock',
    'ExclusiveLock',
    'AccessExclusiveLock',
  ],
  AccessExclusiveLock: [...lockModes],
};

/** What takes each group of modes, in plain words (the manual's examples), for saying what a lock blocks. */
const kinds: { says: string; modes: LockMode[] }[] = [
  { says: 'reads', modes: ['AccessShareLock'] },
  { says: 'SELECT … FOR UPDATE', modes: ['RowShareLock'] },
  { says: 'inserts, updates and deletes', modes: ['RowExclusiveLock'] },
  { says: 'VACUUM and CREATE INDEX CONCURRENTLY', modes: ['ShareUpdateExclusiveLock'] },
  {
    says: 'migrations (CREATE INDEX, CREATE TRIGGER, LOCK)',
    modes: ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock'],
  },
  { says: 'DROP, TRUNCATE and most ALTER TABLE', modes: ['AccessExclusiveLock'] },
];

/** One table's lock, as a learner reads it: what it stops, and what still goes on. */
export interface LockEffect {
  table: string;
  mode: LockMode;
  /** The strongest lock this run held on the table blocks writes (or more). */
  blocksWrites: boolean;
  blocks: string;
  allows: string;
}

/** What a mode blocks and lets through, in words, from the conflict table. */
export function effectOf(table: string, mode: LockMode): LockEffect {
  const blocked = conflicts[mode];
  const stops = kinds.filter((kind) => kind.modes.some((other) => blocked.includes(other)));
  const lets = kinds.filter((kind) => !stops.includes(kind));
  return {
    table,
    mode,
    blocksWrites: blocked.includes('RowExclusiveLock'),
    blocks: stops.map((kind) => kind.says).join('; '),
    allows: lets.length > 0 ? lets.map((kind) => kind.says).join('; ') : 'nothing',
  };
}

/**
 * The locks one run held on tables, as rows of (table, mode), reduced to the strongest per table
 * (a stronger mode blocks everything a weaker one does, and more) and described.
 */
export function describeLocks(rows: { table: string; mode: string }[]): LockEffect[] {
  const strongest = new Map<string, LockMode>();
  for (const { table, mode } of rows) {
    if (!(lockModes as readonly string[]).includes(mode)) continue;
    const known = strongest.get(table);
    if (!known || lockModes.indexOf(mode as LockMode) > lockModes.indexOf(known)) {
      strongest.set(table, mode as LockMode);
    }
  }
  return [...strongest].sort(([a], [b]) => a.localeCompare(b)).map(([table, mode]) => effectOf(table, mode));
}
