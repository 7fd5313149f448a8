import type { EventEmitter } from 'node:events';
import type { Client, QueryResult } from 'pg';
import { dbError, notice, statusOf } from './pgFields';
import type { Notice, Reply, Session, StatementResult } from './types';

/** Every value as PostgreSQL's text, as PGlite's wire protocol gives it, so results compare alike. */
const asText = { getTypeParser: () => (value: string) => value };

/**
 * A real server through node-postgres. Its results keep only the command's first word and hide
 * the transaction status, so both are read from the connection's own protocol messages.
 */
export function pgSession(client: Client): Session {
  const connection = (client as unknown as { connection: EventEmitter }).connection;
  let tags: string[] = [];
  let notices: Notice[] = [];
  let status = 'I';
  let onReady: (() => void) | undefined;
  connection.on('commandComplete', (message: { text: string }) => tags.push(message.text));
  connection.on('readyForQuery', (message: { status: string }) => {
    status = message.status;
    onReady?.();
  });
  client.on('notice', (message) => notices.push(notice(message)));

  return {
    async simpleQuery(sql) {
      tags = [];
      notices = [];
      const reply: Reply = { statements: [], notices, status: 'idle' };
      // An error settles the query before ReadyForQuery says whether a transaction failed.
      const ready = new Promise<void>((resolve) => {
        onReady = resolve;
      });
      try {
        const result = (await client.query({ text: sql, rowMode: 'array', types: asText })) as
          | QueryResult<(string | null)[]>
          | QueryResult<(string | null)[]>[];
        const results = Array.isArray(result) ? result : [result];
        // An empty query (blank, or only comments) completes with no command at all.
        reply.statements = results
          .filter((item) => item.command !== null)
          .map(
            (item, index): StatementResult => ({
              command: tags[index] ?? item.command,
              columns: item.fields.map((field) => field.name),
              rows: item.rows,
            }),
          );
      } catch (error) {
        if (!(error instanceof Error) || !('code' in error)) throw error;
        reply.error = dbError(error);
      }
      await ready;
      reply.status = statusOf(status);
      return reply;
    },
  };
}
