/**
 * Where a presentation is, in the URL's fragment: `#step=8` (step 8 on screen, not run yet) or
 * `#step=8&ran` (its result on screen). A reload, a second audience window or a shared link opens
 * there, with the steps before it replayed. The lesson is the page itself.
 */
export interface Position {
  /** 0-based. */
  index: number;
  ran: boolean;
}

/**
 * Reads a fragment. Also takes a lesson page's step anchor (`#step-<id>`), so a link copied from
 * the lesson opens the same step here. Anything else, or a step that does not exist, is null.
 */
export function readPosition(hash: string, stepIds: string[]): Position | null {
  const text = hash.replace(/^#/, '');
  const anchor = /^step-(.+)$/.exec(text);
  if (anchor) {
    const index = stepIds.indexOf(decodeURIComponent(anchor[1] ?? ''));
    return index < 0 ? null : { index, ran: false };
  }
  const params = new URLSearchParams(text);
  const step = params.get('step') ?? '';
  if (!/^\d+$/.test(step)) return null;
  const number = Number(step);
  if (number < 1 || number > stepIds.length) return null;
  return { index: number - 1, ran: params.has('ran') };
}

export function positionHash(position: Position): string {
  return `#step=${position.index + 1}${position.ran ? '&ran' : ''}`;
}
