import { z } from 'zod';
import { sqlstates } from './sqlstates';

/** The front matter at the top of every lesson file in `content/`. */
export const frontmatterSchema = z.strictObject({
  /** Page title, e.g. "Feature request: usernames". */
  title: z.string().min(1),
  /**
   * The lesson's short name in the sidebar, the pager and the introduction's list, e.g.
   * "Usernames"; the title when left out.
   */
  nav: z.string().min(1).optional(),
  /** One sentence shown under the title and in the lesson list. */
  description: z.string().min(1),
  /**
   * What the page is: the course `introduction` (served at `/`), a `stage` of the schema
   * (its SQL is exported to `dist/sql/<slug>.sql`), or an `appendix` that builds on the last stage.
   */
  kind: z.enum(['introduction', 'stage', 'appendix']),
  /**
   * A stage's migration, by the ids of its first and last step: one transaction that takes a live
   * database at the previous stage to this one. Its steps, without those that only read, are
   * exported as `dist/sql/<slug>.migration.sql`.
   */
  migration: z.strictObject({ from: z.string().min(1), to: z.string().min(1) }).optional(),
});

/** A value in an expected row: written as PostgreSQL prints it; numbers may stay unquoted. */
const expectedValue = z.unknown().transform((value, ctx): string | null => {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  ctx.addIssue({
    code: 'custom',
    message:
      typeof value === 'boolean'
        ? "write booleans as PostgreSQL prints them: 't' or 'f'"
        : 'write each value as text, a number or null',
  });
  return z.NEVER;
});

const sqlstate = z.union([z.string(), z.number().transform(String)]).refine((code) => code in sqlstates, {
  message: 'unknown SQLSTATE (quote it, e.g. error: "23505"; see PostgreSQL Appendix A)',
});

/** An ```` ```expect ```` block that declares the rows a step returns. */
export const expectRowsSchema = z.strictObject({
  /** Every row of the last statement that returns rows, in order, column names as keys. */
  rows: z.array(z.record(z.string(), expectedValue)),
});

/** An ```` ```expect ```` block that declares the error a step fails with. */
export const expectErrorSchema = z.strictObject({
  /** The SQLSTATE the step fails with, e.g. "23505". The whole step is then rolled back. */
  error: sqlstate,
  /** The constraint PostgreSQL names in the error, e.g. users_0_email_key. */
  constraint: z.string().min(1).optional(),
});

/** Attributes in a step's fence info string: ```` ```sql title="Register foo" ````. */
export const stepAttributesSchema = z.strictObject({
  /** Heading shown above the step; also the source of the step's id. */
  title: z.string().min(1),
  /** Stable id for links and saved edits; defaults to the title in kebab-case. */
  id: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lowercase words joined by hyphens')
    .optional(),
});

/** `content/course.yaml`: facts about the whole course. */
export const courseSchema = z.strictObject({
  /**
   * Each read model (the query tables' name without `_N`) and the write-model streams (command
   * tables' names without `_N`) that feed it. The equal-and-earlier rule applies within each.
   */
  readModels: z.record(z.string().regex(/^[a-z_]+$/), z.array(z.string().regex(/^[a-z_]+$/)).min(1)),
});

const identifier = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'use lowercase letters, digits, - and _');

/** One action of a code version in `content/versions.yaml`. */
export const versionActionSchema = z.strictObject({
  /** Button label, e.g. "Register". */
  label: z.string().min(1),
  /** The values a learner types, in order: a name, or a name with a label. */
  fields: z.array(z.union([identifier, z.strictObject({ name: identifier, label: z.string().min(1) })])),
  /** The SQL the version's servers send; `:name` is replaced by the field's value as a quoted literal. */
  sql: z.string().min(1),
});

/** `content/versions.yaml`: every version of the application's code and what its servers do. */
export const versionsFileSchema = z.record(
  identifier,
  z.strictObject({
    /** Heading of the version's panel, e.g. "Code v1". */
    title: z.string().min(1),
    /** The tables this version's code writes to. */
    writes: z.array(z.string().min(1)),
    /** The tables this version's code reads from. */
    reads: z.array(z.string().min(1)),
    /** Action id → action; shown in this order. */
    actions: z.record(identifier, versionActionSchema),
  }),
);

/** A ```` ```versions ```` block in a lesson: which versions to show, and what to try with them. */
export const versionsBlockSchema = z.strictObject({
  /** Version ids, in the order their panels appear. */
  show: z.array(identifier).min(1),
  /** Shown versions whose servers have been shut down in this lesson. */
  retired: z.array(identifier).default([]),
  /** Suggested actions, each with what it must do; the tests replay them after the lesson's steps. */
  try: z
    .array(
      z.strictObject({
        /** What the learner is invited to do, e.g. "v1 registers dora". */
        title: z.string().min(1),
        version: identifier,
        action: identifier,
        /** A value for every field of the action. */
        with: z.record(z.string(), z.union([z.string(), z.number().transform(String)])),
        /** As in a step's ```` ```expect ```` block; without it, the action must succeed. */
        expect: z.unknown().optional(),
        /**
         * Expected columns that hold an id the sequence hands out, by the name of what it
         * identifies: `{ id: dora }`. The expected value is what the suggestions get when tried in
         * order after the steps (and the tests insist on it); on the page, a learner's own sends
         * may have drawn other ids first, so the first suggestion that names `dora` takes the id it
         * gets, and later ones must return that same id.
         */
        ids: z.record(z.string().min(1), identifier).optional(),
      }),
    )
    .default([]),
});

/** A ```` ```scale-demo ```` block: a locked and an online migration, measured on a big history. */
export const scaleDemoSchema = z.strictObject({
  /** History sizes to offer, in users, smallest first. */
  sizes: z.array(z.number().int().positive()).min(1),
  /**
   * SQL that adds users `:from` to `:to` (numbers) to history and to the read model, run in a
   * transaction per chunk; the demo and the benchmark both fill their history with it.
   */
  fill: z.string().min(1),
  /** The id of an exercise (in this lesson or an earlier one) whose reference is the locked migration. */
  locked: z.string().min(1),
  /** The first and last step, by id, of this lesson's online migration. */
  online: z.strictObject({ from: z.string().min(1), to: z.string().min(1) }),
});

/** One race in `content/races.yaml`: sessions (lanes) and what each does, in order. */
export const raceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lowercase words joined by hyphens'),
  /** What happens, said as a fact: the timeline's caption. */
  title: z.string().min(1),
  /** The database starts where this lesson starts (or, `at: end`, where its steps leave it). */
  lesson: z.string().min(1),
  at: z.enum(['start', 'end']).default('start'),
  /** Each session, by a short id, with what it is: "The migration", "A v0 server". */
  lanes: z.record(z.string().regex(/^[a-z0-9]+$/), z.string().min(1)),
  /** In order; each one simple query, from a step of `lesson`, an exercise's reference, or written here. */
  actions: z
    .array(
      z.strictObject({
        lane: z.string(),
        step: z.string().optional(),
        exercise: z.string().optional(),
        sql: z.string().optional(),
        /** Start only once this lane's earlier action has ended (a lock timeout, say). */
        waitFor: z.string().optional(),
      }),
    )
    .min(2),
  /** Read at the end, to show what the tables hold. */
  end: z.string().min(1),
});

const answerTitle = {
  /** What the answer does, e.g. "Column-level grants". */
  title: z.string().min(1),
};
const writtenOut = {
  /** The whole answer. */
  sql: z.string().min(1),
};
const patched = {
  /** Exact pieces of the reference solution, each found there once, and what replaces them. */
  replace: z.record(z.string().min(1), z.string()).refine((pairs) => Object.keys(pairs).length > 0, {
    message: 'give at least one piece to replace',
  }),
};
const fails = {
  /** The checks it must fail, by id, and no others. */
  fails: z.array(z.string()).min(1),
};

/** Another answer to an exercise, written out in full or as changes to the reference solution. */
const answerSchema = z.union([
  z.strictObject({ ...answerTitle, ...writtenOut }),
  z.strictObject({ ...answerTitle, ...patched }),
]);

/** A plausible wrong answer, with the checks it must fail. */
const wrongSchema = z.union([
  z.strictObject({ ...answerTitle, ...writtenOut, ...fails }),
  z.strictObject({ ...answerTitle, ...patched, ...fails }),
]);

/** A ```` ```exercise ```` block: a task for the learner, with checks, hints and a reference solution. */
export const exerciseSchema = z.strictObject({
  /** Stable id, for progress and links: lowercase words joined by hyphens. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lowercase words joined by hyphens'),
  /** Heading of the exercise. */
  title: z.string().min(1),
  /** One sentence: what the learner should come away with. */
  goal: z.string().min(1),
  /** The task, in Markdown. */
  task: z.string().min(1),
  /** What the editor starts with: empty, or a partial answer to complete. */
  start: z.string().default(''),
  /** Revealed one at a time, from the gentlest; Markdown. */
  hints: z.array(z.string().min(1)).min(1),
  /** A reference solution; the tests check it passes every check, and that its mutants do not. */
  solution: z.string().min(1),
  /**
   * SQL that Check runs before the learner's, on its own copy of the database: history that exposes
   * mistakes (a second password change, mixed case, a hand-picked id). Shown to the learner.
   */
  setup: z.string().default(''),
  /** Each runs after the learner's SQL, in a savepoint of its own that is rolled back. */
  checks: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lowercase words joined by hyphens'),
        /** What it checks, said as a fact: "users_4 is fed from user_registered_0". */
        title: z.string().min(1),
        sql: z.string().min(1),
        /** As in a step's ```` ```expect ```` block; without it, the check's SQL must succeed. */
        expect: z.unknown().optional(),
        /** Said when the check fails, in Markdown: what is wrong and what to look at. */
        failure: z.string().min(1),
      }),
    )
    .min(1),
  /** Correct answers other than the reference: each must pass every check (at least two). */
  right: z.array(answerSchema).min(2),
  /** Plausible wrong answers, each with the checks it must fail (and no others). */
  wrong: z.array(wrongSchema).min(1),
  /**
   * Mutants of the reference solution that no check can reject because they are not wrong here,
   * by the mutant's name as the mutation test prints it, each with the reason.
   */
  equivalent: z.array(z.strictObject({ mutant: z.string().min(1), reason: z.string().min(1) })).default([]),
});
