import { z } from 'zod';

/** When something was completed: an ISO date-time. */
const doneAt = z.iso.datetime();

/** What a learner has completed, per lesson: kept in the browser, apart from any database. */
export const progressSchema = z.strictObject({
  /** Bumped when the shape changes; an older shape is set aside, not misread. */
  version: z.literal(1),
  lessons: z.record(
    z.string(),
    z.strictObject({
      /** Step id → when it last ran as the lesson says. */
      steps: z.record(z.string(), doneAt),
      /** Exercise id → when all its checks last passed. */
      exercises: z.record(z.string(), doneAt),
    }),
  ),
});

export type Progress = z.infer<typeof progressSchema>;

/** What a lesson offers to complete. */
export interface LessonItems {
  slug: string;
  steps: string[];
  exercises: string[];
}

export const emptyProgress = (): Progress => ({ version: 1, lessons: {} });

/** Reads stored progress; damaged or foreign data is reported, never half-used. */
export function parseProgress(raw: string | null): { progress: Progress; damaged: boolean } {
  if (raw === null) return { progress: emptyProgress(), damaged: false };
  try {
    const parsed = progressSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return { progress: parsed.data, damaged: false };
  } catch {
    // not JSON
  }
  return { progress: emptyProgress(), damaged: true };
}

function lesson(progress: Progress, slug: string) {
  return progress.lessons[slug] ?? { steps: {}, exercises: {} };
}

export function markDone(
  progress: Progress,
  slug: string,
  kind: 'steps' | 'exercises',
  id: string,
  at: Date,
): Progress {
  const current = lesson(progress, slug);
  return {
    ...progress,
    lessons: {
      ...progress.lessons,
      [slug]: { ...current, [kind]: { ...current[kind], [id]: at.toISOString() } },
    },
  };
}

export function forgetLesson(progress: Progress, slug: string): Progress {
  const lessons = { ...progress.lessons };
  delete lessons[slug];
  return { ...progress, lessons };
}

/** How much of a lesson is done, counting only what the lesson still has. */
export function counts(progress: Progress, items: LessonItems): { done: number; total: number } {
  const current = lesson(progress, items.slug);
  const done =
    items.steps.filter((id) => id in current.steps).length +
    items.exercises.filter((id) => id in current.exercises).length;
  return { done, total: items.steps.length + items.exercises.length };
}

/** When an item was completed, if it was. */
export function doneWhen(
  progress: Progress,
  slug: string,
  kind: 'steps' | 'exercises',
  id: string,
): Date | undefined {
  const at = lesson(progress, slug)[kind][id];
  return at ? new Date(at) : undefined;
}
