import { createWorker } from '../client/createEngine';
import { RaceTimelineView } from '../races/RaceTimelineView';
import type { Timeline } from '../races/timeline';
import { ScaleClient } from '../scale/ScaleClient';
import { ScaleDemoView } from '../scale/ScaleDemoView';
import { decodeShare } from '../share/shareLink';
import { VersionPanels } from '../versions/VersionPanels';
import type { LessonPage } from './page';

/** Every race's timeline on the page, from the recordings the page carries. */
export function mountRaces(page: LessonPage): RaceTimelineView[] {
  const views: RaceTimelineView[] = [];
  for (const figure of page.root.querySelectorAll<HTMLElement>('figure[data-race]')) {
    const timelines = JSON.parse(figure.querySelector('script.race-data')?.textContent ?? '[]') as Timeline[];
    if (timelines.length > 0) views.push(new RaceTimelineView(figure, timelines));
  }
  return views;
}

/** The scale demo, with an engine of its own. */
export function mountScaleDemo(page: LessonPage): void {
  const section = page.root.querySelector<HTMLElement>('[data-scale-demo]');
  if (section && page.data.scaleDemo) {
    new ScaleDemoView(section, page.data.scaleDemo, new ScaleClient(createWorker, page.data.engine));
  }
}

/** The code versions side by side. */
export function mountVersions(page: LessonPage): void {
  const section = page.root.querySelector<HTMLElement>('[data-versions]');
  if (section && page.data.versions) new VersionPanels(section, page.data.versions, page);
}

/** What can take SQL from a share link: a step or an exercise, by id. */
export interface ShareTarget {
  id: string;
  offerShared(sql: string): void;
}

/** A share link's SQL, offered where it belongs, never run. */
export async function offerSharedLink(
  steps: ShareTarget[],
  exercises: ShareTarget[],
  say: (message: string) => void,
): Promise<void> {
  const shared = await decodeShare(window.location.hash);
  if (!shared) {
    if (window.location.hash.startsWith('#share=')) {
      say(
        'This link was meant to carry shared SQL, but it is cut short or damaged: nothing was taken from it.',
      );
    }
    return;
  }
  const target = (shared.kind === 'step' ? steps : exercises).find((item) => item.id === shared.id);
  if (target) target.offerShared(shared.sql);
  else say('The link carried SQL for a step or exercise this lesson does not have.');
}
