import type { APIRoute, GetStaticPaths } from 'astro';
import { exportSql } from '../../lesson/exportSql';
import type { Lesson } from '../../lesson/types';
import { course } from '../../site/course';

export const getStaticPaths = (() =>
  course.lessons
    .filter((lesson) => lesson.kind === 'stage')
    .map((lesson) => ({ params: { slug: lesson.slug }, props: { lesson } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ lesson: Lesson }> = ({ props }) =>
  new Response(exportSql(course, props.lesson), {
    headers: { 'Content-Type': 'application/sql; charset=utf-8' },
  });
