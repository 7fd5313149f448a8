/**
 * A readable sentence for anything thrown: PGlite and the browser sometimes reject with plain
 * objects or strings, which would otherwise print as "[object Object]".
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object') {
    const { message, type, status } = error as { message?: unknown; type?: unknown; status?: unknown };
    if (typeof message === 'string' && message) return message;
    if (typeof status === 'number') return `HTTP ${status}`;
    if (typeof type === 'string') return `${type} event`;
    try {
      const json = JSON.stringify(error);
      if (json && json !== '{}') return json.slice(0, 200);
    } catch {
      // not serialisable: fall through
    }
  }
  return 'an unknown error';
}
