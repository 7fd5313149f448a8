/** What a learner has completed, per lesson: kept in the browser, apart from any database. */
export interface Progress {
  /** Bumped when the shape changes; an older shape is set aside, not misread. */
  version: 1;
  lessons: Record<
    string,
    {
      /** Step id → when it last ran as the lesson says (an ISO date-time). */
      steps: Record<string, string>;
      /** Exercise id → when all its checks last passed. */
      exercises: Record<string, string>;
    }
  >;
}

// Checked by hand rather than with zod: this runs on every page, and zod would be most of its code.
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const hasOnly = (value: Record<string, unknown>, keys: string[]) =>
  Object.keys(value).every((key) => keys.includes(key));

const isDates = (value: unknown) =>
  isObject(value) &&
  Object.values(value).every(
    (at) => typeof at === 'string' && isoDateTime.test(at) && !Number.isNaN(Date.parse(at)),
  );

/** Exactly the shape above, and nothing else: foreign or damaged data is not half-used. */
function isProgress(value: unknown): value is Progress {
  if (!isObject(value) || value['version'] !== 1 || !isObject(value['lessons'])) return false;
  if (!hasOnly(value, ['version', 'lessons'])) return false;
  return Object.values(value['lessons']).every(
    (lesson) =>
      isObject(lesson) &&
      hasOnly(lesson, ['steps', 'exercises']) &&
      isDates(lesson['steps']) &&
      isDates(lesson['exercises']),
  );
}

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
    const parsed: unknown = JSON.parse(raw);
    if (isProgress(parsed)) return { progress: parsed, damaged: false };
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
