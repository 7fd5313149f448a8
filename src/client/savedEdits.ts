/** Where a learner's edits live: one localStorage entry per lesson and step. */
export const editKey = (lesson: string, step: string) => `cqrs-in-postgres:edit:v1:${lesson}:${step}`;

export type LoadedEdit =
  | { kind: 'none' }
  | { kind: 'edit'; sql: string }
  /** The entry could not be read; `message` says where it went (moved aside, or left in place). */
  | { kind: 'unreadable'; message: string };

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // blocked by the browser's privacy settings
  }
}

/** The SQL in a stored entry, or undefined if it is damaged. */
export function parseSaved(raw: string): string | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && 'sql' in value && typeof value.sql === 'string')
      return value.sql;
  } catch {
    // damaged
  }
  return undefined;
}

export function loadEdit(key: string): LoadedEdit {
  const store = storage();
  const raw = store?.getItem(key);
  if (raw == null) return { kind: 'none' };
  const sql = parseSaved(raw);
  if (sql !== undefined) return { kind: 'edit', sql };
  const movedTo = `${key}:unreadable`;
  try {
    store?.setItem(movedTo, raw);
    store?.removeItem(key);
    return {
      kind: 'unreadable',
      message: `A saved edit of this step could not be read and was set aside (localStorage key "${movedTo}"). The original SQL is shown.`,
    };
  } catch {
    // Storage is full or refuses writes: the damaged entry stays where it is, and is ignored.
    return {
      kind: 'unreadable',
      message: `A saved edit of this step could not be read, and the browser's storage would not let it be set aside, so it stays under "${key}" and is ignored. The original SQL is shown.`,
    };
  }
}

/** Saves an edit; returns false when the browser refuses (storage full or disabled). */
export function saveEdit(key: string, sql: string): boolean {
  try {
    const store = storage();
    if (!store) return false;
    store.setItem(key, JSON.stringify({ sql, savedAt: new Date().toISOString() }));
    return true;
  } catch {
    return false;
  }
}

/** A setting; null when absent or when the browser refuses storage. */
export function loadSetting(key: string): string | null {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function saveSetting(key: string, value: string): void {
  try {
    storage()?.setItem(key, value);
  } catch {
    // the default applies next time
  }
}

export function forgetEdit(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // nothing to forget
  }
}

/** A list of strings kept under one key (the console's history), tolerant of damage. */
export function loadList(key: string): string[] {
  try {
    const value: unknown = JSON.parse(storage()?.getItem(key) ?? '[]');
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

export function saveList(key: string, items: string[]): void {
  try {
    storage()?.setItem(key, JSON.stringify(items));
  } catch {
    // history is a convenience; losing it is acceptable
  }
}
