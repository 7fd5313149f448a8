/** One statement of a script, with where it starts in the script (0-based UTF-16 offset). */
export interface ScriptStatement {
  sql: string;
  start: number;
}

const dollarTag = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/;

/**
 * Splits a script into statements where psql would: at semicolons outside quotes, dollar-quoted
 * bodies, identifiers and comments. Text that holds only comments and blanks is no statement.
 */
export function splitStatements(script: string): ScriptStatement[] {
  const statements: ScriptStatement[] = [];
  let start = 0;
  let i = 0;
  const flush = (end: number) => {
    const text = script.slice(start, end);
    if (stripComments(text).replace(/;\s*$/, '').trim()) {
      const lead = text.length - text.trimStart().length;
      statements.push({ sql: text.trim(), start: start + lead });
    }
    start = end;
  };
  while (i < script.length) {
    const rest = script.slice(i);
    const char = script[i];
    if (rest.startsWith('--')) {
      const end = script.indexOf('\n', i);
      i = end < 0 ? script.length : end + 1;
    } else if (rest.startsWith('/*')) {
      i = endOfBlockComment(script, i);
    } else if (char === "'" || char === '"') {
      // E'…' strings escape with backslashes; standard strings and identifiers double the quote.
      const escapes = char === "'" && /[eE]$/.test(script.slice(Math.max(0, i - 1), i));
      i = endOfQuoted(script, i, char, escapes);
    } else if (char === '$' && dollarTag.test(rest) && !/[\w$]$/.test(script.slice(Math.max(0, i - 1), i))) {
      const tag = dollarTag.exec(rest)?.[0] ?? '$$';
      const end = script.indexOf(tag, i + tag.length);
      i = end < 0 ? script.length : end + tag.length;
    } else if (char === ';') {
      i += 1;
      flush(i);
    } else {
      i += 1;
    }
  }
  flush(script.length);
  return statements;
}

/** The script with its comments blanked out (quoted text kept), e.g. to see if anything is left. */
export function stripComments(script: string): string {
  let out = '';
  let i = 0;
  while (i < script.length) {
    const rest = script.slice(i);
    if (rest.startsWith('--')) {
      const end = script.indexOf('\n', i);
      i = end < 0 ? script.length : end;
    } else if (rest.startsWith('/*')) {
      i = endOfBlockComment(script, i);
      out += ' ';
    } else if (script[i] === "'" || script[i] === '"') {
      const end = endOfQuoted(script, i, script[i] ?? "'", false);
      out += script.slice(i, end);
      i = end;
    } else {
      out += script[i];
      i += 1;
    }
  }
  return out;
}

/** Block comments nest in PostgreSQL. */
function endOfBlockComment(script: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < script.length) {
    if (script.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (script.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return script.length;
}

function endOfQuoted(script: string, from: number, quote: string, escapes: boolean): number {
  let i = from + 1;
  while (i < script.length) {
    const char = script[i];
    if (escapes && char === '\\') {
      i += 2;
    } else if (char === quote) {
      if (script[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return script.length;
}
