import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describeIssues, LessonError } from './LessonError';
import { parseLesson } from './parseLesson';
import { courseSchema } from './schema';
import type { Course } from './types';

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
  return { lessons, readModels: config.data.readModels };
}

/** The URL of a lesson page: the introduction is the home page. */
export function lessonUrl(lesson: { kind: string; slug: string }, base = '/'): string {
  return lesson.kind === 'introduction' ? base : `${base}lessons/${lesson.slug}/`;
}
