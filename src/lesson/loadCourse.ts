import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describeIssues, LessonError } from './LessonError';
import { parseLesson } from './parseLesson';
import { courseSchema, versionsFileSchema } from './schema';
import type { CodeVersion, Course, Lesson } from './types';

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
  return { lessons, readModels: config.data.readModels, versions };
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
