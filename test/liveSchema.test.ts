import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, test } from 'vitest';
import { columnsInContext } from '../src/client/editor/liveSchema';
import { SchemaStore } from '../src/client/editor/SchemaStore';

const store = new SchemaStore();
store.set({
  users_0: ['id', 'email', 'password_hash'],
  users_2: ['id', 'email', 'username', 'password_hash'],
  message_sent_3: ['id', 'from_user_id', 'to_user_id', 'body'],
});

/** What completing at `|` offers, as "label (table)". */
function offered(text: string, explicit = false): string[] | null {
  const at = text.indexOf('|');
  const state = EditorState.create({ doc: text.replace('|', '') });
  const result = columnsInContext(store, new CompletionContext(state, at, explicit));
  return result ? result.options.map((option) => `${option.label} (${option.detail})`) : null;
}

describe('completing columns in context', () => {
  test('offers the columns of the table the statement reads, without typing the table first', () => {
    expect(offered('SELECT * FROM users_0 WHERE em|')).toEqual([
      'id (users_0)',
      'email (users_0)',
      'password_hash (users_0)',
    ]);
  });

  test('offers the columns of every table a join names, each once', () => {
    expect(offered('SELECT u.| FROM users_2 u JOIN message_sent_3 m ON m.to_user_id = u.id')).toBeNull();
    expect(offered('SELECT bo| FROM users_2 JOIN message_sent_3 ON true')).toEqual([
      'id (users_2)',
      'email (users_2)',
      'username (users_2)',
      'password_hash (users_2)',
      'from_user_id (message_sent_3)',
      'to_user_id (message_sent_3)',
      'body (message_sent_3)',
    ]);
  });

  test('reads only the statement under the cursor, and knows INSERT INTO and UPDATE targets', () => {
    expect(offered('SELECT * FROM users_0; SELECT us| FROM users_2;')).toContain('username (users_2)');
    expect(offered('SELECT * FROM users_0; SELECT us| FROM users_2;')).not.toContain('id (users_0)');
    expect(offered('INSERT INTO message_sent_3 (bo|')).toContain('body (message_sent_3)');
    expect(offered('UPDATE "users_2" SET usern|')).toContain('username (users_2)');
  });

  test('offers nothing for an unknown table, after a dot, or before anything is typed', () => {
    expect(offered('SELECT * FROM nosuch WHERE em|')).toBeNull();
    expect(offered('SELECT users_0.em| FROM users_0')).toBeNull();
    expect(offered('SELECT * FROM users_0 WHERE |')).toBeNull();
    expect(offered('SELECT * FROM users_0 WHERE |', true)).toHaveLength(3);
  });
});
