import { describe, expect, test } from 'vitest';
import { lessonUrl, loadCourse } from '../src/lesson/loadCourse';
import { slugify } from '../src/site/markdown';

const course = loadCourse();

/** Every anchor a page offers: its steps and its prose headings. */
const anchors = new Map(
  course.lessons.map((lesson) => {
    const ids = lesson.steps.map((step) => `step-${step.id}`);
    for (const block of lesson.blocks) {
      if (block.kind === 'prose') {
        for (const [, heading = ''] of block.markdown.matchAll(/^#{1,6}\s+(.*)$/gm))
          ids.push(slugify(heading));
      }
    }
    return [lessonUrl(lesson), new Set(ids)];
  }),
);

/** The SQL files the build writes for every stage, and the migration of each that has one. */
const sqlFiles = new Set(
  course.lessons.flatMap((lesson) =>
    lesson.kind !== 'stage'
      ? []
      : [`/sql/${lesson.slug}.sql`, ...(lesson.migration ? [`/sql/${lesson.slug}.migration.sql`] : [])],
  ),
);

describe.each(course.lessons)('links in $file', (lesson) => {
  const links = lesson.blocks.flatMap((block) =>
    block.kind === 'prose'
      ? [...block.markdown.matchAll(/\]\((\/[^)\s]*)\)/g)].map((match) => match[1] ?? '')
      : [],
  );

  test('lead to a page of the course and, with a #fragment, to a step or heading on it, or to a SQL file the build writes', () => {
    const broken = links.filter((link) => {
      if (sqlFiles.has(link)) return false;
      const [path = '', fragment] = link.split('#');
      const ids = anchors.get(path);
      return !ids || (fragment !== undefined && !ids.has(fragment));
    });
    expect(broken).toEqual([]);
  });
});

test('the rules page links to a step in every stage of the course', () => {
  const rules = course.lessons.find((lesson) => lesson.slug === 'rules');
  const text = rules?.blocks.map((block) => (block.kind === 'prose' ? block.markdown : '')).join('\n') ?? '';
  const linked = new Set([...text.matchAll(/\(\/lessons\/([a-z-]+)\/#step-/g)].map((match) => match[1]));
  expect([...linked].sort()).toEqual(
    course.lessons
      .filter((lesson) => lesson.kind === 'stage')
      .map((lesson) => lesson.slug)
      .sort(),
  );
});

test('the introduction lists the lessons by the numbers and names the sidebar and pager use', () => {
  const introduction = course.lessons.find((lesson) => lesson.kind === 'introduction');
  const text =
    introduction?.blocks.map((block) => (block.kind === 'prose' ? block.markdown : '')).join('\n') ?? '';
  const listed = [...text.matchAll(/^(\d+)\. \[([^\]]+)\]\((\/[^)]*)\)/gm)].map(
    ([, number, name, link]) => `${number}. ${name} ${link}`,
  );
  expect(listed).toEqual(
    course.lessons
      .filter((lesson) => lesson.kind !== 'introduction')
      .map((lesson, index) => `${index + 1}. ${lesson.nav} ${lessonUrl(lesson)}`),
  );
});
