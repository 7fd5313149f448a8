import { fill, measureMigration, type ScaleResult } from './measureMigration';
import { run } from './run';
import type { Session } from './types';

/** Users added per transaction while filling: progress to show, and memory to spare. */
export const fillChunk = 10_000;

export interface ScaleRequest {
  users: number;
  fill: string;
  migrations: { locked: string[]; online: string[] };
}

/**
 * The scale demo: for each migration in turn, a new copy of the lesson's database, filled with
 * `users` users a chunk at a time, then the migration measured; each copy closed before the next,
 * so that two big histories never share the engine's memory.
 */
export async function runScaleDemo(
  request: ScaleRequest,
  openCopy: () => Promise<{ session: Session; close(): Promise<void> }>,
  progress: (variant: 'locked' | 'online', done: number, total: number, message: string) => void,
): Promise<ScaleResult[]> {
  const results: ScaleResult[] = [];
  const users = request.users.toLocaleString('en');
  for (const variant of ['locked', 'online'] as const) {
    const copy = await openCopy();
    try {
      for (let from = 1; from <= request.users; from += fillChunk) {
        progress(
          variant,
          from - 1,
          request.users,
          `Filling a copy with ${users} users for the ${variant} migration…`,
        );
        await fill(copy.session, request.fill, from, Math.min(request.users, from + fillChunk - 1));
      }
      progress(variant, request.users, request.users, `Running the ${variant} migration on ${users} users…`);
      await run(copy.session, 'ANALYZE');
      results.push(await measureMigration(copy.session, variant, request.users, request.migrations[variant]));
    } finally {
      await copy.close();
    }
  }
  return results;
}
