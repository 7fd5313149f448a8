import type { OpenPhase } from './protocol';

/** What an opening engine tells the page: a phase, its words, and for a download how far. */
export type Progress = (phase: OpenPhase, message: string, done?: number, total?: number) => void;

/** Download progress in the learner's words: nothing to download means reading from this device. */
export function downloadProgress(progress: Progress) {
  let shown = -1;
  return (done: number, total: number) => {
    if (total === 0) {
      progress('start', 'Loading PostgreSQL from this device…');
      return;
    }
    // The files arrive in 64 kB pieces, and the page redraws its bar for each message: one per
    // whole per cent is as smooth, and a slow phone's main thread is spared some 250 redraws.
    const percent = Math.floor((100 * done) / total);
    if (percent === shown && done < total) return;
    shown = percent;
    progress('download', 'Downloading PostgreSQL and the lesson’s database…', done, total);
  };
}
