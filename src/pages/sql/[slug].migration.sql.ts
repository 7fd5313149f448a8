import type { APIRoute, GetStaticPaths } from 'astro';
import { exportMigration } from '../../lesson/exportSql';
import type { Lesson } from '../../lesson/types';
import { course } from '../../site/course';

export const getStaticPaths = (() =>
  course.lessons
    .filter((lesson) => lesson.migration)
    .map((lesson) => ({ params: { slug: lesson.slug }, props: { lesson } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ lesson: Lesson }> = ({ props }) =>
  new Response(exportMigration(course, props.lesson), {
    headers: { 'Content-Type': 'application/sql; charset=utf-8' },
  });
