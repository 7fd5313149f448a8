import type { Recording } from './recording';

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
  /** Speaker notes (Markdown) for presenting this step; never shown to the audience. */
  notes?: string;
}

/** One thing a code version's servers do, as the SQL they send. */
export interface VersionAction {
  id: string;
  label: string;
  /** The values a learner fills in, in order; `:name` in the SQL stands for each. */
  fields: { name: string; label: string }[];
  sql: string;
}

/** A version of the application's code, as the course describes it in content/versions.yaml. */
export interface CodeVersion {
  id: string;
  title: string;
  /** The tables its code writes to and reads from. */
  writes: string[];
  reads: string[];
  actions: VersionAction[];
}

/** A suggested action in a versions block, with what it must do; the tests replay it. */
export interface Scenario {
  title: string;
  version: string;
  action: string;
  values: Record<string, string>;
  expect: Expectation;
  /** Expected columns that hold a sequence's id, by the name of what it identifies: `{ id: 'dora' }`. */
  ids?: Record<string, string>;
}

/** Where a lesson shows its code versions side by side, and what it suggests trying. */
export interface VersionsBlock {
  /** Versions shown, in order. */
  show: string[];
  /** Versions whose servers have been shut down: shown, and their actions still run, to show why. */
  retired: string[];
  scenarios: Scenario[];
  line: number;
}

/** A check of a learner's work: SQL run after theirs, in a transaction that is rolled back. */
export interface Check {
  id: string;
  /** What it checks, said as a fact: "users_4 is fed from user_registered_0". */
  title: string;
  sql: string;
  expect: Expectation;
  /** Said when the check fails, in Markdown: what is wrong and what to look at. */
  failure: string;
}

/** Another correct answer, kept so the tests can show the checks accept it. */
export interface RightAnswer {
  title: string;
  /** The whole answer (patched answers are written out by the parser). */
  sql: string;
}

/** A plausible wrong answer, kept so the tests can show the checks reject it. */
export interface WrongSolution {
  title: string;
  sql: string;
  /** The checks it must fail, by id. */
  fails: string[];
}

/** A "your turn" exercise, checked against a copy of the learner's database at the exercise's start. */
export interface Exercise {
  id: string;
  title: string;
  /** What the learner should come away with. */
  goal: string;
  /** The task, in Markdown. */
  task: string;
  /** SQL the editor starts with. */
  start: string;
  /** Markdown. */
  hints: string[];
  solution: string;
  /** SQL run before the learner's when checking: history that exposes mistakes. */
  setup: string;
  checks: Check[];
  right: RightAnswer[];
  wrong: WrongSolution[];
  /** Mutants of the solution no check can reject, with why they are not wrong here. */
  equivalent: { mutant: string; reason: string }[];
  line: number;
}

/** The lesson file's body, in order: Markdown prose, steps, code-version panels and exercises. */
/**
 * A control that fills a copy of the lesson's database with a production-sized history and runs a
 * locked and an online migration on it, to show how long each makes writes wait.
 */
export interface ScaleDemo {
  /** The history sizes offered, in users. */
  sizes: number[];
  /** SQL that adds users `:from` to `:to` to history and the read model, in one transaction. */
  fill: string;
  /** The locked migration: an exercise's reference solution, run as one script. */
  locked: { exercise: string; sql: string };
  /**
   * The online migration: this lesson's steps from `from` to `to`, without those that only read or
   * that write history themselves (they show the feeds at work; the demo's history stands in).
   */
  online: { from: string; to: string; steps: Step[] };
  line: number;
}

/** A race between sessions, staged on real servers and shown as a timeline where a lesson says ```race. */
export interface Race {
  id: string;
  title: string;
  lesson: string;
  at: 'start' | 'end';
  /** Lane id → what that session is. */
  lanes: Record<string, string>;
  actions: {
    lane: string;
    sql: string /** Where the SQL comes from, for the timeline's label. */;
    from: string;
    waitFor?: string;
  }[];
  end: string;
  /** One per server major it was recorded on, oldest major first. */
  recordings: Recording[];
}

export type Block =
  | { kind: 'prose'; markdown: string }
  | { kind: 'step'; step: Step }
  | { kind: 'versions'; versions: VersionsBlock }
  | { kind: 'exercise'; exercise: Exercise }
  | { kind: 'scale-demo'; demo: ScaleDemo }
  /** A race's timeline; the race itself is resolved from content/races.yaml when the course loads. */
  | { kind: 'race'; id: string; line: number };

export interface Lesson {
  /** Path of the source file relative to the project, for messages. */
  file: string;
  /** From the file name `NN-slug.md`. */
  slug: string;
  /** From the file name's number; lessons run in this order. */
  order: number;
  title: string;
  /** The short name in the sidebar, the pager and the introduction's list. */
  nav: string;
  description: string;
  kind: 'introduction' | 'stage' | 'appendix';
  blocks: Block[];
  steps: Step[];
  /** The lesson's versions block, if it has one. */
  versions?: VersionsBlock;
  /** The lesson's scale demo, if it has one. */
  scaleDemo?: ScaleDemo;
  /** Exercises, in order; they start from the database the lesson's steps leave. */
  exercises: Exercise[];
  /**
   * A stage's migration: the steps, in order, of the one transaction that takes a live database at
   * the previous stage to this one (steps that only read included; the export leaves them out).
   */
  migration?: Step[];
}

export interface Course {
  lessons: Lesson[];
  /** Read model name → the write-model streams that feed it. */
  readModels: Record<string, string[]>;
  /** Every code version of the application, by id (v0, v1, …). */
  versions: Record<string, CodeVersion>;
  /** Every race, by id, with its recordings. */
  races: Record<string, Race>;
}
