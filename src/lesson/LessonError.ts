import type { z } from 'zod';

/** A mistake in a lesson file, located precisely enough to fix without searching. */
export class LessonError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${file}, ${where}: ${problem}`);
    this.name = 'LessonError';
  }
}

/** Zod's issues as one readable sentence per issue, each naming the field at fault. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return `${path}${issue.message}`;
    })
    .join('; ');
}
