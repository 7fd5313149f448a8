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

/** The stage before `lesson`, whose database its migration starts from. */
export function previousStage(course: Course, lesson: Lesson): Lesson | undefined {
  return course.lessons.filter((item) => item.kind === 'stage' && item.order < lesson.order).at(-1);
}

/**
 * A stage's migration as one psql script: the one transaction that takes a live database at the
 * previous stage to this one, while code of the versions already deployed keeps writing.
 */
export function exportMigration(course: Course, lesson: Lesson): string {
  const steps = (lesson.migration ?? []).filter(isExported);
  const from = previousStage(course, lesson);
  const parts = [
    `-- CQRS in Postgres: the migration to "${lesson.title}".`,
    `-- It takes a database at the previous stage${from ? ` ("${from.title}")` : ''} to this one, while the code`,
    '-- already deployed keeps writing. PostgreSQL 15 or later:',
    `--   psql -v ON_ERROR_STOP=1 -f ${lesson.slug}.migration.sql`,
    '-- It is one transaction: when it fails, nothing has changed. Run it again when it failed with',
    '-- 55P03 (a lock not had within lock_timeout) or 40P01 (a deadlock); look into any other error.',
  ];
  for (const step of steps) parts.push('', `-- Step ${step.number}: ${step.title}`, step.sql.trimEnd());
  return `${parts.join('\n')}\n`;
}
