import { describe, expect, test } from 'vitest';
import { splitStatements } from '../src/engine/splitStatements';

const texts = (script: string) => splitStatements(script).map((statement) => statement.sql);

describe('splitting a script into statements, as psql does', () => {
  test('splits at semicolons and drops blank and comment-only pieces', () => {
    expect(texts('BEGIN;\n-- a comment; with a semicolon\nSELECT 1;\n\n;COMMIT')).toEqual([
      'BEGIN;',
      '-- a comment; with a semicolon\nSELECT 1;',
      'COMMIT',
    ]);
  });

  test('keeps semicolons inside strings, identifiers, E-strings and nested block comments', () => {
    expect(texts(`SELECT 'a;b', "c;d", E'e\\';f'; /* g; /* h; */ i; */ SELECT 2;`)).toEqual([
      `SELECT 'a;b', "c;d", E'e\\';f';`,
      '/* g; /* h; */ i; */ SELECT 2;',
    ]);
  });

  test('keeps a function body in dollar quotes whole, tagged or not', () => {
    const body = `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO t VALUES (1);
  RETURN NULL;
END
$$;`;
    const tagged = `DO $body$ BEGIN PERFORM 1; END $body$;`;
    expect(texts(`${body}\n${tagged}\nSELECT $1;`)).toEqual([body, tagged, 'SELECT $1;']);
  });

  test('says where each statement starts, for pointing at the one that failed', () => {
    const script = 'SELECT 1;\n  SELECT 2;';
    expect(splitStatements(script).map((statement) => statement.start)).toEqual([0, 12]);
  });

  test('an unterminated quote runs to the end of the script, as one statement', () => {
    expect(texts("SELECT 'open; SELECT 2;")).toEqual(["SELECT 'open; SELECT 2;"]);
  });
});
