import { type messages, type PGliteInterface, protocol } from '@electric-sql/pglite';
import { sqlstates } from '../lesson/sqlstates';
import type { DbError, Notice, Reply, Session, StatementResult } from './types';

type Message = messages.BackendMessage;
type Fields = Partial<Record<keyof DbError, unknown>>;

/**
 * Talks to PGlite in its wire protocol rather than through `exec`, because only the protocol
 * keeps command tags, values in PostgreSQL's own text form and the transaction status.
 */
export function pgliteSession(db: PGliteInterface): Session {
  return {
    async simpleQuery(sql) {
      const reply = await db.execProtocol(protocol.serialize.query(sql), { throwOnError: false });
      return replyFrom(reply.messages);
    },
  };
}

function replyFrom(backend: Message[]): Reply {
  const reply: Reply = { statements: [], notices: [], inFailedTransaction: false };
  let current: StatementResult = { command: '', columns: [], rows: [] };
  for (const message of backend) {
    switch (message.name) {
      case 'rowDescription':
        current.columns = (message as messages.RowDescriptionMessage).fields.map((field) => field.name);
        break;
      case 'dataRow':
        current.rows.push((message as messages.DataRowMessage).fields);
        break;
      case 'commandComplete':
        reply.statements.push({ ...current, command: (message as messages.CommandCompleteMessage).text });
        current = { command: '', columns: [], rows: [] };
        break;
      case 'error':
        reply.error = dbError(message as messages.DatabaseError);
        break;
      case 'notice':
        reply.notices.push(notice(message as Fields));
        break;
      case 'readyForQuery':
        reply.inFailedTransaction = (message as messages.ReadyForQueryMessage).status === 'E';
        break;
    }
  }
  return reply;
}

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

function notice(fields: Fields): Notice {
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
