/** A row as PostgreSQL sends it: every value in its text form, NULL as null. */
export type Row = (string | null)[];

/** What a step is declared to do. */
export type Expectation =
  | { kind: 'ok' }
  | { kind: 'rows'; columns: string[]; rows: Row[] }
  | { kind: 'error'; code: string; name: string; constraint?: string };

/** One runnable unit of a lesson: SQL sent to the database as one simple query. */
export interface Step {
  /** 1-based position in the lesson. */
  number: number;
  /** Stable, unique within the lesson; the page anchor is `step-<id>`. */
  id: string;
  title: string;
  sql: string;
  expect: Expectation;
  /** Line of the opening fence in the lesson file, for messages. */
  line: number;
}

/** The lesson file's body, in order: Markdown prose and steps. */
export type Block = { kind: 'prose'; markdown: string } | { kind: 'step'; step: Step };

export interface Lesson {
  /** Path of the source file relative to the project, for messages. */
  file: string;
  /** From the file name `NN-slug.md`. */
  slug: string;
  /** From the file name's number; lessons run in this order. */
  order: number;
  title: string;
  description: string;
  kind: 'introduction' | 'stage' | 'appendix';
  blocks: Block[];
  steps: Step[];
}

export interface Course {
  lessons: Lesson[];
  /** Read model name → the write-model streams that feed it. */
  readModels: Record<string, string[]>;
}
