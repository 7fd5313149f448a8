/** What a share link carries: which step or exercise, and the SQL. */
export interface Shared {
  kind: 'step' | 'exercise';
  id: string;
  sql: string;
}

const prefix = 'share=';

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

async function transform(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

/**
 * The fragment of a link that carries a step's or exercise's SQL: compressed and URL-safe, in the
 * `#` part, so it never reaches a server.
 */
export async function encodeShare(shared: Shared): Promise<string> {
  const packed = await transform(new TextEncoder().encode(shared.sql), new CompressionStream('deflate-raw'));
  return `${prefix}${shared.kind}:${shared.id}:${toBase64Url(packed)}`;
}

/** Reads a share fragment (with or without its `#`); undefined if it is not one, or is damaged. */
export async function decodeShare(fragment: string): Promise<Shared | undefined> {
  const text = fragment.replace(/^#/, '');
  if (!text.startsWith(prefix)) return undefined;
  const match = /^(step|exercise):([a-z0-9-]+):([A-Za-z0-9_-]+)$/.exec(text.slice(prefix.length));
  if (!match) return undefined;
  const [, kind, id = '', payload = ''] = match;
  try {
    const sql = new TextDecoder('utf-8', { fatal: true }).decode(
      await transform(fromBase64Url(payload), new DecompressionStream('deflate-raw')),
    );
    return { kind: kind === 'exercise' ? 'exercise' : 'step', id, sql };
  } catch {
    return undefined;
  }
}
