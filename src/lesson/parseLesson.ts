import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { isExported } from './exportSql';
import { describeIssues, LessonError } from './LessonError';
import {
  exerciseSchema,
  expectErrorSchema,
  expectRowsSchema,
  frontmatterSchema,
  scaleDemoSchema,
  stepAttributesSchema,
  versionsBlockSchema,
} from './schema';
import { sqlstates } from './sqlstates';
import type { Block, Exercise, Expectation, Lesson, Row, ScaleDemo, Step, VersionsBlock } from './types';

const fileName = /(?:^|\/)(\d+)-([a-z0-9-]+)\.md$/;
const fenceOpen = /^```([\w-]+)?(.*)$/;
const fenceClose = /^```\s*$/;
const attribute = /(\w+)=(?:"([^"]*)"|(\S+))/g;

/**
 * Parses one lesson file into ordered prose and steps. Every ```` ```sql ```` fence is a step: the
 * course promises that every statement it shows is run by the tests.
 */
export function parseLesson(file: string, text: string): Lesson {
  const name = fileName.exec(file);
  if (!name) throw new LessonError(file, 'file name', 'expected NN-slug.md, e.g. 01-minimal-schema.md');
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const { frontmatter, bodyStart } = readFrontmatter(file, lines);
  const { blocks, steps, exercises, versions, demo } = readBody(file, lines, bodyStart);
  if (demo) demo.online.steps = onlineSteps(file, demo, steps);
  const { migration: range, ...meta } = frontmatter;
  const migration = range ? readMigration(file, frontmatter.kind, steps, range) : undefined;
  return {
    file,
    slug: name[2] ?? '',
    order: Number(name[1]),
    ...meta,
    nav: frontmatter.nav ?? frontmatter.title,
    blocks,
    steps,
    exercises,
    ...(versions ? { versions } : {}),
    ...(migration ? { migration } : {}),
    ...(demo ? { scaleDemo: demo } : {}),
  };
}

/** What a lesson's body holds, in order, and the blocks a lesson has at most one of. */
interface Body {
  blocks: Block[];
  steps: Step[];
  exercises: Exercise[];
  versions?: VersionsBlock;
  demo?: ScaleDemo;
}

type Fence = ReturnType<typeof readFence>;

/** The body after the front matter: prose between fences, and what each fence holds. */
function readBody(file: string, lines: string[], start: number): Body {
  const body: Body = { blocks: [], steps: [], exercises: [] };
  let prose: string[] = [];
  const flushProse = () => {
    const markdown = prose.join('\n').trim();
    if (markdown) body.blocks.push({ kind: 'prose', markdown });
    prose = [];
  };
  for (let i = start; i < lines.length; i++) {
    const open = fenceOpen.exec(lines[i] ?? '');
    if (!open || fenceClose.test(lines[i] ?? '')) {
      prose.push(lines[i] ?? '');
      continue;
    }
    const [, language = '', info = ''] = open;
    const fence = readFence(file, lines, i);
    if (language === 'sql') {
      const { step, end } = readStep(file, lines, fence, info, body.steps);
      flushProse();
      body.steps.push(step);
      body.blocks.push({ kind: 'step', step });
      i = end;
      continue;
    }
    const block = readBlock(file, language, fence, body);
    if (block) {
      flushProse();
      body.blocks.push(block);
    } else prose.push(...lines.slice(i, fence.end + 1));
    i = fence.end;
  }
  flushProse();
  return body;
}

/** A fence other than a step's: an exercise, a race, a scale demo or versions; null for prose. */
function readBlock(file: string, language: string, fence: Fence, body: Body): Block | null {
  const line = fence.start + 1;
  switch (language) {
    case 'expect':
    case 'notes': {
      const article = language === 'expect' ? 'an' : 'a';
      throw new LessonError(
        file,
        `line ${line}`,
        `${article} \`\`\`${language} block must follow a \`\`\`sql step`,
      );
    }
    case 'exercise': {
      const exercise = readExercise(file, line, fence.body);
      if (body.exercises.some((other) => other.id === exercise.id))
        throw new LessonError(file, `exercise "${exercise.id}" (line ${line})`, 'this id is used twice');
      body.exercises.push(exercise);
      return { kind: 'exercise', exercise };
    }
    case 'race': {
      const where = `race block (line ${line})`;
      const data = parseSafely(file, where, fence.body) as { id?: unknown } | null;
      if (!data || typeof data.id !== 'string')
        throw new LessonError(file, where, 'write id: <a race in content/races.yaml>');
      return { kind: 'race', id: data.id, line };
    }
    case 'scale-demo':
      if (body.demo)
        throw new LessonError(file, `line ${line}`, 'a lesson has at most one ```scale-demo block');
      body.demo = readScaleDemo(file, line, fence.body);
      return { kind: 'scale-demo', demo: body.demo };
    case 'versions':
      if (body.versions)
        throw new LessonError(file, `line ${line}`, 'a lesson has at most one ```versions block');
      body.versions = readVersions(file, line, fence.body);
      return { kind: 'versions', versions: body.versions };
    default:
      return null;
  }
}

/** A scale demo; its online steps come later in the file, found once every step has been read. */
function readScaleDemo(file: string, line: number, yaml: string): ScaleDemo {
  const where = `scale-demo block (line ${line})`;
  const data = validate(scaleDemoSchema, parseSafely(file, where, yaml), file, where);
  return {
    sizes: data.sizes,
    fill: data.fill,
    locked: { exercise: data.locked, sql: '' },
    online: { ...data.online, steps: [] },
    line,
  };
}

/** A ```sql step, with the ```expect and ```notes blocks that may follow it; `end` is their last line. */
function readStep(file: string, lines: string[], fence: Fence, info: string, steps: Step[]) {
  const number = steps.length + 1;
  const line = fence.start + 1;
  const attributes = readAttributes(file, `step ${number} (line ${line})`, info);
  const id = attributes.id ?? kebab(attributes.title);
  const where = `step ${number} "${attributes.title}" (line ${line})`;
  if (steps.some((step) => step.id === id)) {
    throw new LessonError(file, where, `step id "${id}" is used twice; give one an id="…"`);
  }
  if (!fence.body.trim()) throw new LessonError(file, where, 'the step has no SQL');
  let end = fence.end;
  let expect: Expectation = { kind: 'ok' };
  let notes: string | undefined;
  for (const kind of ['expect', 'notes'] as const) {
    let next = end + 1;
    while (next < lines.length && !lines[next]?.trim()) next++;
    if (!new RegExp(`^\`\`\`${kind}\\s*$`).test(lines[next] ?? '')) continue;
    const follower = readFence(file, lines, next);
    if (kind === 'expect')
      expect = readExpectation(
        file,
        `${where}, expect`,
        parseSafely(file, `${where}, expect`, follower.body),
      );
    else notes = follower.body.trim();
    end = follower.end;
  }
  const step: Step = {
    number,
    id,
    title: attributes.title,
    sql: fence.body,
    expect,
    line,
    ...(notes ? { notes } : {}),
  };
  return { step, end };
}

/** The steps of a scale demo's online migration: what changes the schema or copies history. */
function onlineSteps(file: string, demo: ScaleDemo, steps: Step[]): Step[] {
  const where = `scale-demo block (line ${demo.line})`;
  const from = steps.findIndex((step) => step.id === demo.online.from);
  const to = steps.findIndex((step) => step.id === demo.online.to);
  if (from < 0) throw new LessonError(file, where, `there is no step "${demo.online.from}"`);
  if (to < from)
    throw new LessonError(file, where, `there is no step "${demo.online.to}" after "${demo.online.from}"`);
  const writesHistory = /^\s*INSERT INTO (?:\w+_\d+) \((?:[^)]*)\)\s*VALUES/i;
  return steps.slice(from, to + 1).filter((step) => isExported(step) && !writesHistory.test(step.sql));
}

/**
 * A stage's migration must be one transaction that a live database can be given as it is: it
 * begins, sets `lock_timeout` (it will wait for locks while code writes), commits, and every step
 * in it succeeds.
 */
function readMigration(file: string, kind: string, steps: Step[], range: { from: string; to: string }) {
  const where = 'front matter, migration';
  if (kind !== 'stage') throw new LessonError(file, where, 'only a stage has a migration');
  const from = steps.findIndex((step) => step.id === range.from);
  const to = steps.findIndex((step) => step.id === range.to);
  if (from < 0) throw new LessonError(file, where, `there is no step "${range.from}"`);
  if (to < from) throw new LessonError(file, where, `there is no step "${range.to}" after "${range.from}"`);
  const migration = steps.slice(from, to + 1);
  const code = migration.map((step) => codeOnly(step.sql).trim());
  if (!/^BEGIN\b/i.test(code[0] ?? '')) {
    throw new LessonError(file, where, `step ${from + 1} must begin the transaction with BEGIN`);
  }
  if (!/\bCOMMIT\s*;?$/i.test(code.at(-1) ?? '')) {
    throw new LessonError(file, where, `step ${to + 1} must end with COMMIT`);
  }
  if (!code.some((sql) => /\block_timeout\b/i.test(sql))) {
    throw new LessonError(file, where, 'set lock_timeout: a migration must not queue writers behind it');
  }
  const failing = migration.find((step) => step.expect.kind === 'error');
  if (failing) {
    throw new LessonError(file, where, `step ${failing.number} "${failing.title}" is meant to fail`);
  }
  return migration;
}

function readFrontmatter(file: string, lines: string[]) {
  if (lines[0] !== '---') throw new LessonError(file, 'line 1', 'a lesson starts with --- front matter');
  const end = lines.indexOf('---', 1);
  if (end < 0) throw new LessonError(file, 'front matter', 'no closing ---');
  const data = parseSafely(file, 'front matter', lines.slice(1, end).join('\n'));
  return { frontmatter: validate(frontmatterSchema, data, file, 'front matter'), bodyStart: end + 1 };
}

function readFence(file: string, lines: string[], start: number) {
  for (let end = start + 1; end < lines.length; end++) {
    if (fenceClose.test(lines[end] ?? '')) {
      return { start, end, body: lines.slice(start + 1, end).join('\n') };
    }
  }
  throw new LessonError(file, `line ${start + 1}`, 'this ``` fence is never closed');
}

function readAttributes(file: string, where: string, info: string) {
  const found: Record<string, string> = {};
  const rest = info.replace(attribute, (_, key: string, quoted?: string, bare?: string) => {
    found[key] = quoted ?? bare ?? '';
    return '';
  });
  if (rest.trim()) throw new LessonError(file, where, `cannot read "${rest.trim()}"; write key="value"`);
  return validate(stepAttributesSchema, found, file, where);
}

/** An expectation, from a step's ```expect block or a scenario's `expect`, already parsed from YAML. */
function readExpectation(file: string, where: string, data: unknown): Expectation {
  if (data && typeof data === 'object' && 'rows' in data) {
    const { rows } = validate(expectRowsSchema, data, file, where);
    const columns = Object.keys(rows[0] ?? {});
    const table: Row[] = rows.map((row, index) => {
      const keys = Object.keys(row);
      if (keys.join() !== columns.join()) {
        throw new LessonError(
          file,
          where,
          `row ${index + 1} has columns ${keys.join(', ')}; row 1 has ${columns.join(', ')}`,
        );
      }
      return keys.map((key) => row[key] ?? null);
    });
    return { kind: 'rows', columns, rows: table };
  }
  if (data && typeof data === 'object' && 'error' in data) {
    const { error, constraint } = validate(expectErrorSchema, data, file, where);
    return {
      kind: 'error',
      code: error,
      name: sqlstates[error] ?? error,
      ...(constraint ? { constraint } : {}),
    };
  }
  throw new LessonError(file, where, 'write either rows: [...] or error: "SQLSTATE"');
}

function readVersions(file: string, line: number, yaml: string): VersionsBlock {
  const where = `versions block (line ${line})`;
  const data = validate(versionsBlockSchema, parseSafely(file, where, yaml), file, where);
  const scenarios = data.try.map((scenario, index) => {
    const at = `${where}, try ${index + 1} "${scenario.title}"`;
    const expect =
      scenario.expect === undefined
        ? ({ kind: 'ok' } as const)
        : readExpectation(file, `${at}, expect`, scenario.expect);
    for (const column of Object.keys(scenario.ids ?? {})) {
      if (expect.kind !== 'rows' || expect.rows.length === 0 || !expect.columns.includes(column)) {
        throw new LessonError(file, at, `ids names the column "${column}", which no expected row has`);
      }
    }
    return {
      title: scenario.title,
      version: scenario.version,
      action: scenario.action,
      values: scenario.with,
      expect,
      ...(scenario.ids ? { ids: scenario.ids } : {}),
    };
  });
  return { show: data.show, retired: data.retired, scenarios, line };
}

/** Transaction control would escape the rolled-back transaction checks run in. */
const transactionControl = /\b(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|END|ABORT)\b/i;
const codeOnly = (sql: string) =>
  sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g, ' ');

function readExercise(file: string, line: number, yaml: string): Exercise {
  const where = `exercise (line ${line})`;
  const data = validate(exerciseSchema, parseSafely(file, where, yaml), file, where);
  const at = `exercise "${data.id}" (line ${line})`;
  const ids = new Set<string>();
  const checks = data.checks.map((check) => {
    if (ids.has(check.id)) throw new LessonError(file, at, `check id "${check.id}" is used twice`);
    ids.add(check.id);
    if (transactionControl.test(codeOnly(check.sql))) {
      throw new LessonError(
        file,
        `${at}, check "${check.id}"`,
        'a check cannot control transactions: it runs inside one that is rolled back',
      );
    }
    const expect =
      check.expect === undefined
        ? ({ kind: 'ok' } as const)
        : readExpectation(file, `${at}, check "${check.id}", expect`, check.expect);
    return { id: check.id, title: check.title, sql: check.sql, expect, failure: check.failure };
  });
  const written = (answer: { title: string; sql?: string; replace?: Record<string, string> }) => {
    if (answer.sql !== undefined) return answer.sql;
    let sql = data.solution;
    for (const [piece, replacement] of Object.entries(answer.replace ?? {})) {
      const found = sql.split(piece).length - 1;
      if (found !== 1) {
        throw new LessonError(
          file,
          `${at}, "${answer.title}"`,
          `"${piece.split('\n')[0]}" is in the solution ${found} times; replace a piece found once`,
        );
      }
      sql = sql.replace(piece, () => replacement);
    }
    return sql;
  };
  const wrong = data.wrong.map((answer) => {
    for (const id of answer.fails) {
      if (!ids.has(id))
        throw new LessonError(file, `${at}, wrong "${answer.title}"`, `there is no check "${id}"`);
    }
    return { title: answer.title, sql: written(answer), fails: answer.fails };
  });
  const right = data.right.map((answer) => ({ title: answer.title, sql: written(answer) }));
  return {
    id: data.id,
    title: data.title,
    goal: data.goal,
    task: data.task,
    start: data.start,
    hints: data.hints,
    solution: data.solution,
    setup: data.setup,
    checks,
    right,
    wrong,
    equivalent: data.equivalent,
    line,
  };
}

function parseSafely(file: string, where: string, yaml: string): unknown {
  try {
    return parseYaml(yaml);
  } catch (error) {
    throw new LessonError(file, where, `invalid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

function validate<T extends z.ZodType>(schema: T, data: unknown, file: string, where: string): z.output<T> {
  const result = schema.safeParse(data);
  if (!result.success) throw new LessonError(file, where, describeIssues(result.error));
  return result.data;
}

function kebab(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
