import { type messages, type PGliteInterface, protocol } from '@electric-sql/pglite';
import { copyColumn } from './copyColumn';
import { dbError, notice, statusOf } from './pgFields';
import type { Reply, Session, StatementResult } from './types';

type Message = messages.BackendMessage;

const lines = new TextDecoder();

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

/**
 * Thrown when PGlite answers without ending the query: after a WebAssembly stack overflow it
 * returns nothing at all, and the engine cannot be trusted again.
 */
export class EngineBroken extends Error {
  override name = 'EngineBroken';
}

function replyFrom(backend: Message[]): Reply {
  if (!backend.some((message) => message.name === 'readyForQuery')) {
    throw new EngineBroken('PostgreSQL stopped answering: the reply to the query never ended.');
  }
  const reply: Reply = { statements: [], notices: [], status: 'idle' };
  let current: StatementResult = { command: '', columns: [], rows: [] };
  let copying = false;
  for (const message of backend) {
    switch (message.name) {
      case 'rowDescription':
        current.columns = (message as messages.RowDescriptionMessage).fields.map((field) => field.name);
        break;
      case 'dataRow':
        current.rows.push((message as messages.DataRowMessage).fields);
        break;
      // COPY … TO STDOUT sends its output as lines of text, one per row: shown as a one-column table,
      // as psql prints them. Binary output is not text, so only its command tag is kept.
      case 'copyOutResponse':
        copying = !(message as messages.CopyResponse).binary;
        if (copying) current.columns = [copyColumn];
        break;
      case 'copyData':
        if (copying)
          current.rows.push([lines.decode((message as messages.CopyDataMessage).chunk).replace(/\n$/, '')]);
        break;
      case 'commandComplete':
        copying = false;
        reply.statements.push({ ...current, command: (message as messages.CommandCompleteMessage).text });
        current = { command: '', columns: [], rows: [] };
        break;
      case 'error':
        reply.error = dbError(message as messages.DatabaseError);
        break;
      case 'notice':
        reply.notices.push(notice(message as messages.NoticeMessage));
        break;
      case 'readyForQuery':
        reply.status = statusOf((message as messages.ReadyForQueryMessage).status);
        break;
    }
  }
  return reply;
}
