import type { Course, Lesson, Step } from './types';

/** Statements that only read; a schema-and-data file leaves them out. */
const readOnly = /^(?:\s|--[^\n]*\n)*(SELECT|WITH|TABLE|VALUES)\b/i;

/** Whether a step belongs in the exported SQL: it succeeds and changes the database. */
export function isExported(step: Step): boolean {
  return step.expect.kind !== 'error' && !readOnly.test(step.sql);
}

/**
 * The schema and sample data of every stage up to and including `upTo`, as one psql script.
 * Steps meant to fail are left out, so it applies cleanly with ON_ERROR_STOP.
 */
export function exportSql(course: Course, upTo: Lesson): string {
  const stages = course.lessons.filter((lesson) => lesson.kind === 'stage' && lesson.order <= upTo.order);
  const parts = [
    `-- CQRS in Postgres: schema and sample data up to and including "${upTo.title}".`,
    '-- Apply to an empty database, PostgreSQL 15 or later:',
    `--   psql -v ON_ERROR_STOP=1 -f ${upTo.slug}.sql`,
    '-- Steps that are meant to fail, and queries that only read, are left out; so are the ids those',
    '-- failed steps used up, so later ids can be lower here than in the lessons.',
  ];
  for (const lesson of stages) {
    for (const step of lesson.steps.filter(isExported)) {
      parts.push('', `-- ${lesson.title}, step ${step.number}: ${step.title}`, step.sql.trimEnd());
    }
  }
  return `${parts.join('\n')}\n`;
}
