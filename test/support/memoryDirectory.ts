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
}

class MemoryFile {
  readonly kind = 'file';
  data = new Uint8Array(0);
  lastModified = Date.now();
  constructor(
    readonly name: string,
    readonly stats: MemoryStats,
  ) {}

  async getFile(): Promise<File> {
    return new File([this.data.slice()], this.name, { lastModified: this.lastModified });
  }

  async createSyncAccessHandle() {
    const stats = this.stats;
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
      },
      write: (bytes: Uint8Array, options: { at: number }) => {
        refuse();
        const end = options.at + bytes.length;
        if (end > this.data.length) {
          const next = new Uint8Array(end);
          next.set(this.data);
          this.data = next;
        }
        this.data.set(bytes, options.at);
        stats.bytes += bytes.length;
        this.lastModified = Date.now();
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
    const made = new MemoryFile(name, this.stats);
    this.entriesByName.set(name, made);
    return made;
  }

  async removeEntry(name: string, options?: { recursive?: boolean }): Promise<void> {
    const found = this.entriesByName.get(name);
    if (!found) throw notFound(name);
    if (found instanceof MemoryDirectory && found.entriesByName.size > 0 && !options?.recursive) {
      throw Object.assign(new Error(`${name} is not empty`), { name: 'InvalidModificationError' });
    }
    this.entriesByName.delete(name);
  }

  async *entries(): AsyncIterable<[string, MemoryDirectory | MemoryFile]> {
    yield* [...this.entriesByName];
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
