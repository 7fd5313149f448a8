/** The statement from its first word on, without the blank space and comments before it (line comments and nested block comments). */
export function codeStart(sql: string): string {
  let at = 0;
  for (;;) {
    while (at < sql.length && /\s/.test(sql.charAt(at))) at++;
    if (sql.startsWith('--', at)) {
      const end = sql.indexOf('\n', at);
      if (end < 0) return '';
      at = end + 1;
    } else if (sql.startsWith('/*', at)) {
      let depth = 0;
      do {
        if (sql.startsWith('/*', at)) {
          depth++;
          at += 2;
        } else if (sql.startsWith('*/', at)) {
          depth--;
          at += 2;
        } else at++;
      } while (depth > 0 && at < sql.length);
    } else return sql.slice(at);
  }
}
