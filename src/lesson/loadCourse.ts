import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { describeIssues, LessonError } from './LessonError';
import { parseLesson } from './parseLesson';
import type { Recording } from './recording';
import { courseSchema, raceSchema, versionsFileSchema } from './schema';
import type { CodeVersion, Course, Lesson, Race } from './types';

/** Reads and validates every lesson in `content/`, in file-name order. Throws on the first mistake. */
export function loadCourse(contentDir = join(process.cwd(), 'content')): Course {
  const name = (file: string) => relative(process.cwd(), join(contentDir, file));
  const config = courseSchema.safeParse(parseYaml(readFileSync(join(contentDir, 'course.yaml'), 'utf8')));
  if (!config.success) throw new LessonError(name('course.yaml'), 'course', describeIssues(config.error));

  const lessons = readdirSync(contentDir)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => parseLesson(name(file), readFileSync(join(contentDir, file), 'utf8')));

  const orders = new Set(lessons.map((lesson) => lesson.order));
  if (orders.size !== lessons.length) {
    throw new LessonError(name(''), 'lesson order', 'two lesson files share a number');
  }
  const intro = lessons.filter((lesson) => lesson.kind === 'introduction');
  if (intro.length !== 1 || lessons[0] !== intro[0]) {
    throw new LessonError(name(''), 'lesson order', 'exactly one introduction, and it comes first');
  }
  const versions = readVersions(name('versions.yaml'), join(contentDir, 'versions.yaml'));
  for (const lesson of lessons) checkVersionsBlock(lesson, versions);
  for (const lesson of lessons) resolveScaleDemo(lesson, lessons);
  const races = readRaces(contentDir, name, lessons);
  for (const lesson of lessons) {
    for (const block of lesson.blocks) {
      if (block.kind === 'race' && !races[block.id]) {
        throw new LessonError(
          lesson.file,
          `race block (line ${block.line})`,
          `there is no race "${block.id}" in races.yaml`,
        );
      }
    }
  }
  return { lessons, readModels: config.data.readModels, versions, races };
}

function readVersions(file: string, path: string): Record<string, CodeVersion> {
  const parsed = versionsFileSchema.safeParse(parseYaml(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new LessonError(file, 'versions', describeIssues(parsed.error));
  return Object.fromEntries(
    Object.entries(parsed.data).map(([id, version]) => [
      id,
      {
        id,
        title: version.title,
        writes: version.writes,
        reads: version.reads,
        actions: Object.entries(version.actions).map(([actionId, action]) => {
          const fields = action.fields.map((field) =>
            typeof field === 'string' ? { name: field, label: field.replaceAll('_', ' ') } : field,
          );
          for (const placeholder of action.sql.matchAll(/(?<!:):([a-z_][a-z0-9_]*)/g)) {
            if (!fields.some((field) => field.name === placeholder[1])) {
              throw new LessonError(
                file,
                `${id}.${actionId}`,
                `the SQL uses :${placeholder[1]}, which is not a field`,
              );
            }
          }
          return { id: actionId, label: action.label, fields, sql: action.sql };
        }),
      },
    ]),
  );
}

/** Every version, action and value a lesson's versions block names must exist. */
function checkVersionsBlock(lesson: Lesson, versions: Record<string, CodeVersion>) {
  const block = lesson.versions;
  if (!block) return;
  const where = `versions block (line ${block.line})`;
  for (const id of block.retired) {
    if (!block.show.includes(id)) throw new LessonError(lesson.file, where, `retired "${id}" is not shown`);
  }
  for (const id of block.show) {
    if (!versions[id])
      throw new LessonError(lesson.file, where, `there is no version "${id}" in versions.yaml`);
  }
  for (const [index, scenario] of block.scenarios.entries()) {
    const at = `${where}, try ${index + 1} "${scenario.title}"`;
    if (!block.show.includes(scenario.version)) {
      throw new LessonError(lesson.file, at, `version "${scenario.version}" is not shown in this block`);
    }
    const action = versions[scenario.version]?.actions.find((item) => item.id === scenario.action);
    if (!action)
      throw new LessonError(lesson.file, at, `${scenario.version} has no action "${scenario.action}"`);
    const wanted = action.fields.map((field) => field.name).sort();
    const given = Object.keys(scenario.values).sort();
    if (wanted.join() !== given.join()) {
      throw new LessonError(
        lesson.file,
        at,
        `give exactly the fields ${wanted.join(', ')}; got ${given.join(', ') || 'none'}`,
      );
    }
  }
}

/**
 * The races of `content/races.yaml`, their actions' SQL resolved from the lessons and exercises
 * they name, with their recordings from `content/races/<id>.pg<major>.json`.
 */
function readRaces(
  contentDir: string,
  name: (file: string) => string,
  lessons: Lesson[],
): Record<string, Race> {
  const path = join(contentDir, 'races.yaml');
  if (!existsSync(path)) return {};
  const file = name('races.yaml');
  const parsed = z.array(raceSchema).safeParse(parseYaml(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new LessonError(file, 'races', describeIssues(parsed.error));
  const races: Record<string, Race> = {};
  for (const race of parsed.data) {
    const at = `race "${race.id}"`;
    if (races[race.id]) throw new LessonError(file, at, 'this id is used twice');
    const lesson = lessons.find((item) => item.slug === race.lesson);
    if (!lesson) throw new LessonError(file, at, `there is no lesson "${race.lesson}"`);
    const actions = race.actions.map((action, index) => {
      const where = `${at}, action ${index + 1}`;
      if (!race.lanes[action.lane]) throw new LessonError(file, where, `there is no lane "${action.lane}"`);
      if (action.waitFor && !race.lanes[action.waitFor]) {
        throw new LessonError(file, where, `there is no lane "${action.waitFor}" to wait for`);
      }
      const sources = [action.step, action.exercise, action.sql].filter((source) => source !== undefined);
      if (sources.length !== 1)
        throw new LessonError(file, where, 'give exactly one of step, exercise or sql');
      let sql = action.sql ?? '';
      let from = 'SQL written for this race';
      if (action.step !== undefined) {
        const step = lesson.steps.find((item) => item.id === action.step);
        if (!step) throw new LessonError(file, where, `${race.lesson} has no step "${action.step}"`);
        sql = step.sql;
        from = `step ${step.number} of the lesson, “${step.title}”`;
      }
      if (action.exercise !== undefined) {
        const exercise = lessons
          .flatMap((item) => item.exercises)
          .find((item) => item.id === action.exercise);
        if (!exercise) throw new LessonError(file, where, `there is no exercise "${action.exercise}"`);
        sql = exercise.solution;
        from = `the reference solution of the exercise “${exercise.title}”`;
      }
      return { lane: action.lane, sql, from, ...(action.waitFor ? { waitFor: action.waitFor } : {}) };
    });
    const recordingsDir = join(contentDir, 'races');
    const recordings = (existsSync(recordingsDir) ? readdirSync(recordingsDir) : [])
      .filter((entry) => entry.startsWith(`${race.id}.pg`) && entry.endsWith('.json'))
      .sort((a, b) => Number(/\.pg(\d+)\.json$/.exec(a)?.[1]) - Number(/\.pg(\d+)\.json$/.exec(b)?.[1]))
      .map((entry) => JSON.parse(readFileSync(join(contentDir, 'races', entry), 'utf8')) as Recording);
    races[race.id] = {
      id: race.id,
      title: race.title,
      lesson: race.lesson,
      at: race.at,
      lanes: race.lanes,
      actions,
      end: race.end,
      recordings,
    };
  }
  return races;
}

/** A scale demo's locked migration is an exercise's reference, from this lesson or an earlier one. */
function resolveScaleDemo(lesson: Lesson, lessons: Lesson[]) {
  const demo = lesson.scaleDemo;
  if (!demo) return;
  const exercise = lessons
    .filter((item) => item.order <= lesson.order)
    .flatMap((item) => item.exercises)
    .find((item) => item.id === demo.locked.exercise);
  if (!exercise) {
    throw new LessonError(
      lesson.file,
      `scale-demo block (line ${demo.line})`,
      `there is no exercise "${demo.locked.exercise}" in this lesson or an earlier one`,
    );
  }
  demo.locked.sql = exercise.solution;
}

/** The URL of a lesson page: the introduction is the home page. */
export function lessonUrl(lesson: { kind: string; slug: string }, base = '/'): string {
  return lesson.kind === 'introduction' ? base : `${base}lessons/${lesson.slug}/`;
}
