/** The docked console's height, in px: never more than half the screen, never too small to type in. */
export function dockHeight(wanted: number, viewport: number): number {
  const most = Math.floor(viewport / 2);
  const least = Math.min(most, 160);
  return Math.round(Math.min(most, Math.max(least, wanted)));
}

/** Where the console docks at first: two fifths of the screen. */
export const firstDockShare = 0.4;

/** How far one arrow key press resizes it. */
export const dockStep = 40;
