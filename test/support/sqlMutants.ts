import { splitStatements } from '../../src/engine/splitStatements';

/** A small change to a reference solution, named so that an exercise can list it as equivalent. */
export interface Mutant {
  name: string;
  sql: string;
}

/** For each character: is it code (mutations may touch it), or in a comment or a '…' string? */
function codeMask(sql: string): { code: boolean[]; body: boolean[] } {
  const code = new Array<boolean>(sql.length).fill(true);
  // Inside a dollar-quoted body (a function's): PL/pgSQL, where IF blocks live.
  const body = new Array<boolean>(sql.length).fill(false);
  const mark = (array: boolean[], from: number, to: number, value: boolean) => {
    for (let i = from; i < to; i++) array[i] = value;
  };
  let i = 0;
  let inBody: string | undefined;
  while (i < sql.length) {
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      const to = end < 0 ? sql.length : end;
      mark(code, i, to, false);
      i = to;
    } else if (sql[i] === "'") {
      let end = i + 1;
      while (end < sql.length && !(sql[end] === "'" && sql[end + 1] !== "'")) end += sql[end] === "'" ? 2 : 1;
      mark(code, i, end + 1, false);
      i = end + 1;
    } else if (sql[i] === '$') {
      const tag = /^\$\w*\$/.exec(sql.slice(i))?.[0];
      if (!tag) {
        i += 1;
        continue;
      }
      if (inBody === tag) inBody = undefined;
      else if (!inBody) inBody = tag;
      i += tag.length;
    } else {
      if (inBody) body[i] = true;
      i += 1;
    }
  }
  return { code, body };
}

const firstLine = (text: string) => {
  const line = text.trim().split('\n')[0]?.trim() ?? '';
  return line.length > 70 ? `${line.slice(0, 69)}…` : line;
};

/** The line of `sql` around `index`, as a mutant's name shows where it changed. */
const lineAt = (sql: string, index: number) =>
  firstLine(
    sql.slice(
      sql.lastIndexOf('\n', index - 1) + 1,
      sql.indexOf('\n', index) < 0 ? undefined : sql.indexOf('\n', index),
    ),
  );

interface Operator {
  name: string;
  pattern: RegExp;
  replace: (match: RegExpExecArray) => string;
  /** Only inside function bodies. */
  inBody?: boolean;
}

const operators: Operator[] = [
  { name: 'AFTER → BEFORE', pattern: /\bAFTER\b/g, replace: () => 'BEFORE' },
  { name: 'BEFORE → AFTER', pattern: /\bBEFORE\b/g, replace: () => 'AFTER' },
  { name: 'ROW → STATEMENT', pattern: /\bFOR EACH ROW\b/g, replace: () => 'FOR EACH STATEMENT' },
  { name: 'STATEMENT → ROW', pattern: /\bFOR EACH STATEMENT\b/g, replace: () => 'FOR EACH ROW' },
  { name: 'DESC → ASC', pattern: /\bDESC\b/g, replace: () => 'ASC' },
  { name: 'ASC → DESC', pattern: /\bASC\b/g, replace: () => 'DESC' },
  { name: 'drop UNIQUE', pattern: /\s+UNIQUE\b/g, replace: () => '' },
  { name: 'drop PRIMARY KEY', pattern: /\s+PRIMARY KEY\b/g, replace: () => '' },
  { name: 'drop NOT NULL', pattern: /\s+NOT NULL\b/g, replace: () => '' },
  { name: 'drop SECURITY DEFINER', pattern: /\s+SECURITY DEFINER\b/g, replace: () => '' },
  {
    name: 'drop TABLE =',
    pattern: /,\s*TABLE\s*=\s*[^,;\n]+|\bTABLE\s*=\s*[^,;\n]+,\s*/g,
    replace: () => '',
  },
  { name: 'drop pg_temp', pattern: /,\s*pg_temp\b/g, replace: () => '' },
  {
    name: 'weaken the lock',
    pattern: /\bIN (?:SHARE ROW EXCLUSIVE|EXCLUSIVE) MODE\b/g,
    replace: () => 'IN ROW EXCLUSIVE MODE',
  },
  { name: 'drop lower()', pattern: /\blower\(([^()]*)\)/g, replace: (match) => match[1] ?? '' },
  {
    name: 'widen GRANT',
    pattern:
      /\bGRANT\s+(?!ALL\b)((?:SELECT|INSERT|UPDATE|DELETE|TRUNCATE|USAGE|REFERENCES|TRIGGER)\b[^;]*?)\s+ON\b/g,
    replace: () => 'GRANT ALL ON',
  },
  {
    name: 'swap coalesce arguments',
    pattern: /\bcoalesce\(/gi,
    replace: () => '',
  },
];

/** `coalesce(a, b)` at `at` as `coalesce(b, a)`, or undefined if it does not have two arguments. */
function swapCoalesce(sql: string, at: number): { end: number; text: string } | undefined {
  const open = sql.indexOf('(', at);
  const args: string[] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open + 1; i < sql.length; i++) {
    const char = sql[i];
    if (char === '(') depth += 1;
    else if (char === ')' && depth > 0) depth -= 1;
    else if ((char === ',' || char === ')') && depth === 0) {
      args.push(sql.slice(from, i).trim());
      from = i + 1;
      if (char === ')') {
        if (args.length !== 2) return undefined;
        return { end: i + 1, text: `${sql.slice(at, open)}(${args[1]}, ${args[0]})` };
      }
    }
  }
  return undefined;
}

/** Each IF … END IF; block inside a function body, from IF to the end of its END IF;. */
function ifBlocks(sql: string, mask: { code: boolean[]; body: boolean[] }) {
  const tokens = [...sql.matchAll(/\bEND IF\s*;|\bELSIF\b|\bIF\b/g)].filter(
    (match) => mask.code[match.index] && mask.body[match.index],
  );
  const blocks: { start: number; end: number }[] = [];
  const open: number[] = [];
  for (const token of tokens) {
    if (token[0].startsWith('END')) {
      const start = open.pop();
      if (start !== undefined) blocks.push({ start, end: token.index + token[0].length });
    } else if (token[0] === 'IF') {
      open.push(token.index);
    }
  }
  return blocks.sort((a, b) => a.start - b.start);
}

/**
 * Mutants of a reference solution: each statement dropped, and one small change at a time of the
 * kinds a learner gets wrong (trigger timing and level, sort order, constraints, coalesce's
 * order, an IF block, SECURITY DEFINER, a wider GRANT, the error's TABLE, pg_temp, the lock's
 * mode, lower()). Mutants that come out the same as the solution or as each other are left out.
 */
export function mutantsOf(solution: string): Mutant[] {
  const mutants: Mutant[] = [];
  const seen = new Set<string>([solution]);
  const names = new Map<string, number>();
  const add = (name: string, sql: string) => {
    if (seen.has(sql)) return;
    seen.add(sql);
    const count = (names.get(name) ?? 0) + 1;
    names.set(name, count);
    mutants.push({ name: count > 1 ? `${name} (${count})` : name, sql });
  };

  for (const statement of splitStatements(solution)) {
    const end = statement.start + statement.sql.length;
    add(`drop "${firstLine(statement.sql)}"`, solution.slice(0, statement.start) + solution.slice(end));
  }
  const mask = codeMask(solution);
  for (const operator of operators) {
    for (const match of solution.matchAll(operator.pattern)) {
      if (!mask.code[match.index] || (operator.inBody && !mask.body[match.index])) continue;
      let end = match.index + match[0].length;
      let text = operator.replace(match);
      if (operator.name === 'swap coalesce arguments') {
        const swapped = swapCoalesce(solution, match.index);
        if (!swapped) continue;
        ({ end, text } = swapped);
      }
      add(
        `${operator.name} in "${lineAt(solution, match.index)}"`,
        solution.slice(0, match.index) + text + solution.slice(end),
      );
    }
  }
  for (const block of ifBlocks(solution, mask)) {
    add(
      `drop the "${lineAt(solution, block.start)}" block`,
      solution.slice(0, block.start) + solution.slice(block.end),
    );
  }
  return mutants;
}
