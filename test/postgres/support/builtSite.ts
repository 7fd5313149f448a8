import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSite } from '../../../scripts/site.mjs';

const newest = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);

/** Builds the site unless dist/sql is newer than everything the SQL files are made from. */
export function ensureBuiltSql(): void {
  const dir = 'dist/sql';
  const built = existsSync(dir) ? readdirSync(dir).map((file) => statSync(join(dir, file)).mtimeMs) : [];
  const sources = Math.max(newest('content'), newest('src/lesson'), newest('src/pages/sql'));
  if (built.length > 0 && Math.min(...built) > sources) return;
  buildSite();
}
