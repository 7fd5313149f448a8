import { emptyProgress, type Progress, parseProgress } from './progress';

const key = 'cqrs-in-postgres:progress:v1';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * Progress kept in localStorage, with what went wrong said plainly: storage disabled, full, or an
 * entry that could not be read (set aside under another key, never silently dropped).
 */
export class ProgressStore {
  #progress: Progress = emptyProgress();
  #listeners = new Set<(progress: Progress) => void>();
  /** A sentence for the learner when progress is not being kept, or was damaged. */
  problem: string | undefined;

  constructor() {
    const store = storage();
    if (!store) {
      this.problem =
        'This browser is not keeping your progress (storage is disabled); it lasts until you leave the page.';
      return;
    }
    let raw: string | null = null;
    try {
      raw = store.getItem(key);
    } catch {
      this.problem = 'Your progress could not be read from this browser’s storage; it starts afresh here.';
    }
    const { progress, damaged } = parseProgress(raw);
    this.#progress = progress;
    if (damaged && raw !== null) {
      try {
        store.setItem(`${key}:unreadable`, raw);
        store.removeItem(key);
        this.problem = `Your saved progress could not be read and was set aside (localStorage key "${key}:unreadable"); it starts afresh.`;
      } catch {
        this.problem =
          'Your saved progress could not be read; it starts afresh, and will not be saved (storage is full).';
      }
    }
    // Another tab of the course completing something: follow it.
    window.addEventListener('storage', (event) => {
      if (event.key !== key) return;
      const next = parseProgress(event.newValue);
      if (next.damaged) return;
      this.#progress = next.progress;
      for (const listener of this.#listeners) listener(this.#progress);
    });
  }

  #latest(): Progress {
    try {
      // Nothing stored (storage off, or full since the start): this tab's copy is all there is.
      const raw = storage()?.getItem(key) ?? null;
      const stored = parseProgress(raw);
      return raw === null || stored.damaged ? this.#progress : stored.progress;
    } catch {
      return this.#progress;
    }
  }

  get progress(): Progress {
    return this.#progress;
  }

  on(listener: (progress: Progress) => void): void {
    this.#listeners.add(listener);
  }

  /**
   * Applies `change` to the stored progress as it is now, not to this tab's copy: another tab of the
   * course may have written since (its storage event can arrive after this tab's own write).
   */
  update(change: (progress: Progress) => Progress): void {
    this.#progress = change(this.#latest());
    try {
      storage()?.setItem(key, JSON.stringify(this.#progress));
    } catch {
      this.problem =
        'This browser is not saving your progress (storage is full); it lasts until you leave the page.';
    }
    for (const listener of this.#listeners) listener(this.#progress);
  }
}
