/** Removes comments and quoted text, so keywords inside strings do not count. */
function codeOnly(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''");
}

/**
 * SQL that would break PostgreSQL compiled to WebAssembly rather than fail: `COPY … PROGRAM`
 * starts a program on the server, and there is no process to start here, so the engine stops
 * answering. Returns why it is refused, or undefined.
 */
export function unsupportedInBrowser(sql: string): string | undefined {
  if (/\bCOPY\b[^;]*\bPROGRAM\b/i.test(codeOnly(sql))) {
    return 'COPY … PROGRAM runs a program on the database server. PostgreSQL here runs inside your browser, where there is no program to run, so it was not sent. COPY … TO STDOUT shows its output here instead, a line per row, and a SELECT shows the same rows as a table.';
  }
  return undefined;
}
