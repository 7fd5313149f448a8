import type { StorageEntry } from '@electric-sql/pglite/memfs-frontend';

const block = 512;

/**
 * The directories and files of a tar archive (gzipped or not), as the MEMFS frontend loads them:
 * paths from the data directory's root ("/base/5/1259"), directories before their contents.
 * Reads ustar, with the long names of PAX and GNU headers; links and devices are left out, as a
 * data directory has none PGlite keeps.
 */
export async function tarEntries(archive: Blob): Promise<StorageEntry[]> {
  const head = new Uint8Array(await archive.slice(0, 2).arrayBuffer());
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const stream = gzipped ? archive.stream().pipeThrough(new DecompressionStream('gzip')) : archive.stream();
  return readTar(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** `tarEntries` of an uncompressed archive. Throws on a damaged one rather than return part of it. */
export function readTar(bytes: Uint8Array): StorageEntry[] {
  const dirs: StorageEntry[] = [];
  const files: StorageEntry[] = [];
  let longName: string | undefined;
  for (let at = 0; at + block <= bytes.length; ) {
    const header = bytes.subarray(at, at + block);
    if (header.every((byte) => byte === 0)) break;
    if (!checksumMatches(header)) throw new Error(`the archive is damaged at byte ${at}`);
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const data = bytes.subarray(at + block, at + block + size);
    if (data.length < size) throw new Error('the archive ends in the middle of a file');
    at += block + Math.ceil(size / block) * block;
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (type === 'L') {
      longName = text(data, 0, data.length);
      continue;
    }
    if (type === 'g') continue;
    const prefix = text(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = undefined;
    const path = `/${name.replace(/^\.?\/+/, '').replace(/\/+$/, '')}`;
    if (path === '/') continue;
    if (type === '5') dirs.push({ kind: 'dir', path });
    else if (type === '0' || type === '\0' || type === '7') {
      files.push({ kind: 'file', path, data: data.slice(), mtime: octal(header, 136, 12) * 1000 });
    }
  }
  const depth = (entry: StorageEntry) => entry.path.split('/').length;
  return [...dirs.sort((a, b) => depth(a) - depth(b)), ...files];
}

function text(bytes: Uint8Array, start: number, length: number): string {
  const field = bytes.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
}

function octal(bytes: Uint8Array, start: number, length: number): number {
  const value = text(bytes, start, length).trim();
  return value ? Number.parseInt(value, 8) : 0;
}

/** The sum of the header's bytes with its checksum field counted as spaces, as tar writes it. */
function checksumMatches(header: Uint8Array): boolean {
  let sum = 0;
  for (let index = 0; index < block; index++) {
    sum += index >= 148 && index < 156 ? 0x20 : (header[index] ?? 0);
  }
  return sum === octal(header, 148, 8);
}

/** The `path` record of a PAX header ("<length> path=<value>\n" records). */
function paxPath(data: Uint8Array): string | undefined {
  const records = new TextDecoder().decode(data);
  for (const record of records.split('\n')) {
    const match = /^\d+ path=(.*)$/s.exec(record);
    if (match) return match[1];
  }
  return undefined;
}
