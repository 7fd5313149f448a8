import { describe, expect, test } from 'vitest';
import { mutantsOf } from './support/sqlMutants';

const solution = `BEGIN;
SET LOCAL lock_timeout = '500ms';
LOCK TABLE a_0 IN SHARE ROW EXCLUSIVE MODE;
-- AFTER in a comment is left alone
CREATE TABLE r_1 (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE r_1 SET email = NEW.email WHERE id = NEW.id;
  IF NOT FOUND THEN
    IF NEW.id > 0 THEN
      RAISE EXCEPTION 'none' USING ERRCODE = '40001', TABLE = 'r_1';
    END IF;
    RAISE EXCEPTION 'none' USING ERRCODE = '23503', TABLE = 'r_1';
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER feed_r_1 AFTER INSERT ON a_0 FOR EACH ROW EXECUTE FUNCTION f();
INSERT INTO r_1 SELECT id, coalesce(lower(email), 'x') FROM a_0 ORDER BY id DESC;
GRANT SELECT, INSERT ON a_0 TO app;
COMMIT;`;

describe('mutants of a reference solution', () => {
  const mutants = mutantsOf(solution);
  const names = mutants.map((mutant) => mutant.name);

  test('drop each statement, BEGIN, LOCK and COMMIT among them', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'drop "BEGIN;"',
        'drop "LOCK TABLE a_0 IN SHARE ROW EXCLUSIVE MODE;"',
        'drop "COMMIT;"',
      ]),
    );
    expect(mutants.find((mutant) => mutant.name === 'drop "COMMIT;"')?.sql).not.toContain('COMMIT');
  });

  test('make one change at a time, of every kind, outside comments and strings', () => {
    const changed = (name: string) => mutants.find((mutant) => mutant.name.startsWith(name))?.sql ?? '';
    expect(changed('AFTER → BEFORE')).toContain('CREATE TRIGGER feed_r_1 BEFORE INSERT');
    expect(changed('AFTER → BEFORE')).toContain('-- AFTER in a comment');
    expect(changed('ROW → STATEMENT')).toContain('FOR EACH STATEMENT');
    expect(changed('DESC → ASC')).toContain('ORDER BY id ASC');
    expect(changed('drop UNIQUE')).toContain('email text NOT NULL)');
    expect(changed('drop PRIMARY KEY')).toContain('(id bigint, email');
    expect(changed('drop SECURITY DEFINER')).toContain('plpgsql SET search_path');
    expect(changed('drop pg_temp')).toContain('search_path = public AS');
    expect(changed('weaken the lock')).toContain('IN ROW EXCLUSIVE MODE');
    expect(changed('drop lower()')).toContain('coalesce(email, ');
    expect(changed('swap coalesce arguments')).toContain("coalesce('x', lower(email))");
    expect(changed('widen GRANT')).toContain('GRANT ALL ON a_0 TO app');
    expect(changed('drop TABLE =')).toContain("USING ERRCODE = '40001';");
    expect(names.filter((name) => name.startsWith('drop TABLE ='))).toHaveLength(2);
  });

  test('drop each IF block, nested ones on their own', () => {
    const blocks = mutants.filter((mutant) => /^drop the "IF/.test(mutant.name));
    expect(blocks.map((mutant) => mutant.name)).toEqual([
      'drop the "IF NOT FOUND THEN" block',
      'drop the "IF NEW.id > 0 THEN" block',
    ]);
    expect(blocks[0]?.sql).not.toContain('23503');
    expect(blocks[1]?.sql).toContain('23503');
    expect(blocks[1]?.sql).not.toContain('40001');
  });

  test('every mutant differs from the solution and from every other mutant', () => {
    const texts = mutants.map((mutant) => mutant.sql);
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts).not.toContain(solution);
    expect(new Set(names).size).toBe(names.length);
  });
});
