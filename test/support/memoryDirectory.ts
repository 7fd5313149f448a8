/**
 * The part of the origin private file system the kept database uses, in memory, for Node: the store
 * under test runs unchanged, with a real PGlite above it. It counts what was written, and can be
 * told to refuse writes, as a full disk would.
 */
export interface MemoryStats {
  /** Files opened for writing. */
  opened: number;
  /** Bytes written. */
  bytes: number;
  /** When set, every write throws this error name. */
  refuse?: string;
  /** Told before every change (a file made, written, moved or removed): where a tab could close. */
  before?: (what: string) => void;
}

/** Times of change that always move forward, even within a millisecond. */
let clock = 0;
const now = () => {
  clock = Math.max(clock + 1, Date.now());
  return clock;
};

class MemoryFile {
  readonly kind = 'file';
  data = new Uint8Array(0);
  /** The bytes are shared with a copy: the next write copies them first. */
  shared = false;
  lastModified = now();
  constructor(
    public name: string,
    readonly stats: MemoryStats,
    readonly parent: MemoryDirectory,
  ) {}

  /** Renames the file within its directory, replacing a file of that name, as OPFS's `move` does. */
  async move(name: string): Promise<void> {
    this.stats.before?.(`move ${this.name}`);
    if (this.stats.refuse) throw Object.assign(new Error(this.stats.refuse), { name: this.stats.refuse });
    this.parent.entriesByName.delete(this.name);
    this.name = name;
    this.parent.entriesByName.set(name, this);
  }

  async getFile(): Promise<File> {
    return new File([this.data.slice()], this.name, { lastModified: this.lastModified });
  }

  async createSyncAccessHandle() {
    const stats = this.stats;
    stats.before?.(`write ${this.name}`);
    stats.opened++;
    const refuse = () => {
      if (stats.refuse) throw Object.assign(new Error(stats.refuse), { name: stats.refuse });
    };
    return {
      truncate: (size: number) => {
        refuse();
        const next = new Uint8Array(size);
        next.set(this.data.subarray(0, size));
        this.data = next;
        this.shared = false;
      },
      write: (bytes: Uint8Array, options: { at: number }) => {
        refuse();
        if (this.shared) this.data = this.data.slice();
        this.shared = false;
        const end = options.at + bytes.length;
        if (end > this.data.length) {
          const next = new Uint8Array(end);
          next.set(this.data);
          this.data = next;
        }
        this.data.set(bytes, options.at);
        stats.bytes += bytes.length;
        this.lastModified = now();
        return bytes.length;
      },
      flush: () => {},
      close: () => {},
    };
  }
}

function notFound(name: string): Error {
  return Object.assign(new Error(`${name} not found`), { name: 'NotFoundError' });
}

export class MemoryDirectory {
  readonly kind = 'directory';
  readonly entriesByName = new Map<string, MemoryDirectory | MemoryFile>();
  readonly stats: MemoryStats;
  constructor(
    readonly name = '',
    stats?: MemoryStats,
  ) {
    this.stats = stats ?? { opened: 0, bytes: 0 };
  }

  async getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<MemoryDirectory> {
    const found = this.entriesByName.get(name);
    if (found instanceof MemoryDirectory) return found;
    if (found) throw Object.assign(new Error(`${name} is a file`), { name: 'TypeMismatchError' });
    if (!options?.create) throw notFound(name);
    const made = new MemoryDirectory(name, this.stats);
    this.entriesByName.set(name, made);
    return made;
  }

  async getFileHandle(name: string, options?: { create?: boolean }): Promise<MemoryFile> {
    const found = this.entriesByName.get(name);
    if (found instanceof MemoryFile) return found;
    if (found) throw Object.assign(new Error(`${name} is a directory`), { name: 'TypeMismatchError' });
    if (!options?.create) throw notFound(name);
    this.stats.before?.(`create ${name}`);
    const made = new MemoryFile(name, this.stats, this);
    this.entriesByName.set(name, made);
    return made;
  }

  async removeEntry(name: string, options?: { recursive?: boolean }): Promise<void> {
    const found = this.entriesByName.get(name);
    if (!found) throw notFound(name);
    this.stats.before?.(`remove ${name}`);
    if (found instanceof MemoryDirectory && found.entriesByName.size > 0 && !options?.recursive) {
      throw Object.assign(new Error(`${name} is not empty`), { name: 'InvalidModificationError' });
    }
    this.entriesByName.delete(name);
  }

  async *entries(): AsyncIterable<[string, MemoryDirectory | MemoryFile]> {
    yield* [...this.entriesByName];
  }

  /** A copy of this directory as it is now, as a tab closed at this moment would leave it. */
  copy(stats: MemoryStats = { opened: 0, bytes: 0 }): MemoryDirectory {
    const copy = new MemoryDirectory(this.name, stats);
    for (const [name, entry] of this.entriesByName) {
      if (entry instanceof MemoryDirectory) copy.entriesByName.set(name, entry.copy(stats));
      else {
        const file = new MemoryFile(name, stats, copy);
        file.data = entry.data;
        file.shared = true;
        entry.shared = true;
        copy.entriesByName.set(name, file);
      }
    }
    return copy;
  }

  /** Every file's path under this directory, sorted. */
  paths(prefix = ''): string[] {
    return [...this.entriesByName].flatMap(([name, entry]) =>
      entry instanceof MemoryDirectory ? entry.paths(`${prefix}/${name}`) : [`${prefix}/${name}`],
    );
  }

  /** This directory as the file system's handle type, which it implements the used part of. */
  get handle(): FileSystemDirectoryHandle {
    return this as unknown as FileSystemDirectoryHandle;
  }
}
