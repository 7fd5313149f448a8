import { sqlstates } from '../lesson/sqlstates';
import type { DbError, Notice } from './types';

/** The fields of an ErrorResponse or NoticeResponse, as PGlite and node-postgres both expose them. */
export type Fields = Partial<Record<keyof DbError, unknown>>;

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** Keeps only the fields PostgreSQL sent, so results compare cleanly as whole objects. */
export function dbError(fields: Fields & { message: string }): DbError {
  const code = String(fields.code ?? 'XX000');
  const error: DbError = {
    code,
    name: sqlstates[code] ?? 'unknown',
    severity: String(fields.severity ?? 'ERROR'),
    message: fields.message,
  };
  for (const key of ['detail', 'hint', 'where', 'schema', 'table', 'column', 'constraint'] as const) {
    const value = text(fields[key]);
    if (value) error[key] = value;
  }
  const position = Number(fields.position);
  if (position > 0) error.position = position;
  return error;
}

export function notice(fields: Fields): Notice {
  const result: Notice = {
    severity: String(fields.severity ?? 'NOTICE'),
    code: String(fields.code ?? '00000'),
    message: String(fields.message ?? ''),
  };
  for (const key of ['detail', 'hint', 'where'] as const) {
    const value = text(fields[key]);
    if (value) result[key] = value;
  }
  return result;
}

/** ReadyForQuery's transaction status: I(dle), T (in a transaction) or E (in a failed one). */
export function statusOf(code: string): 'idle' | 'open' | 'failed' {
  return code === 'T' ? 'open' : code === 'E' ? 'failed' : 'idle';
}
