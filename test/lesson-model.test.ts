import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { actionSql } from '../src/lesson/actionSql';
import { LessonError } from '../src/lesson/LessonError';
import { loadCourse } from '../src/lesson/loadCourse';
import { parseLesson } from '../src/lesson/parseLesson';

const front = '---\ntitle: T\ndescription: D\nkind: stage\n---\n';
const parse = (body: string, file = 'content/07-example.md') => parseLesson(file, front + body);
const failure = (body: string, file?: string) => {
  try {
    parse(body, file);
  } catch (error) {
    if (error instanceof LessonError) return error.message;
    throw error;
  }
  throw new Error('expected the lesson to be rejected');
};

describe('parseLesson', () => {
  test('splits a lesson into prose and steps, in order, with their expectations', () => {
    const lesson = parse(
      [
        'Intro text.',
        '',
        '```sql title="Make a table"',
        'CREATE TABLE t (id int);',
        '```',
        '',
        'Between.',
        '',
        '```sql title="Read it" id="read"',
        'SELECT 1 AS a, NULL AS b;',
        '```',
        '',
        '```expect',
        'rows:',
        '  - { a: 1, b: null }',
        '```',
        '',
        '```sql title="Break it"',
        'SELECT 1/0;',
        '```',
        '```expect',
        'error: "22012"',
        '```',
        '',
        '```text',
        'not a step',
        '```',
      ].join('\n'),
    );
    expect(lesson).toEqual({
      file: 'content/07-example.md',
      slug: 'example',
      order: 7,
      title: 'T',
      // No nav name given: the title stands in.
      nav: 'T',
      description: 'D',
      kind: 'stage',
      steps: lesson.steps,
      exercises: [],
      blocks: [
        { kind: 'prose', markdown: 'Intro text.' },
        { kind: 'step', step: lesson.steps[0] },
        { kind: 'prose', markdown: 'Between.' },
        { kind: 'step', step: lesson.steps[1] },
        { kind: 'step', step: lesson.steps[2] },
        { kind: 'prose', markdown: '```text\nnot a step\n```' },
      ],
    });
    expect(lesson.steps).toEqual([
      {
        number: 1,
        id: 'make-a-table',
        title: 'Make a table',
        sql: 'CREATE TABLE t (id int);',
        expect: { kind: 'ok' },
        line: 8,
      },
      {
        number: 2,
        id: 'read',
        title: 'Read it',
        sql: 'SELECT 1 AS a, NULL AS b;',
        expect: { kind: 'rows', columns: ['a', 'b'], rows: [['1', null]] },
        line: 14,
      },
      {
        number: 3,
        id: 'break-it',
        title: 'Break it',
        sql: 'SELECT 1/0;',
        expect: { kind: 'error', code: '22012', name: 'division_by_zero' },
        line: 23,
      },
    ]);
  });

  test('names the file and step of an unknown expectation', () => {
    expect(failure('```sql title="Odd"\nSELECT 1;\n```\n```expect\nwarning: yes\n```')).toBe(
      'content/07-example.md, step 1 "Odd" (line 6), expect: write either rows: [...] or error: "SQLSTATE"',
    );
  });

  test('names the file and step of an unknown SQLSTATE', () => {
    expect(failure('```sql title="Bad code"\nSELECT 1;\n```\n```expect\nerror: "99999"\n```')).toMatch(
      /^content\/07-example\.md, step 1 "Bad code" \(line 6\), expect: error: unknown SQLSTATE/,
    );
  });

  test('reports a SQLSTATE that YAML turned into a number without its leading zero', () => {
    expect(failure('```sql title="Zero"\nSELECT 1;\n```\n```expect\nerror: 02000\n```')).toMatch(
      /unknown SQLSTATE/,
    );
  });

  test('rejects a step without a title, naming the step', () => {
    expect(failure('```sql\nSELECT 1;\n```')).toBe(
      'content/07-example.md, step 1 (line 6): title: Invalid input: expected string, received undefined',
    );
  });

  test('rejects unknown step attributes and rows that disagree on their columns', () => {
    expect(failure('```sql title="A" colour=red\nSELECT 1;\n```')).toMatch(/step 1 \(line 6\): .*colour/);
    expect(
      failure('```sql title="A"\nSELECT 1;\n```\n```expect\nrows:\n  - { a: 1 }\n  - { b: 2 }\n```'),
    ).toMatch(/row 2 has columns b; row 1 has a/);
  });

  test('asks for booleans as PostgreSQL prints them', () => {
    expect(
      failure('```sql title="B"\nSELECT true AS b;\n```\n```expect\nrows:\n  - { b: true }\n```'),
    ).toMatch(/write booleans as PostgreSQL prints them: 't' or 'f'/);
  });

  test('rejects duplicate step ids, empty steps, stray expect blocks and unclosed fences', () => {
    expect(failure('```sql title="Same"\nSELECT 1;\n```\n```sql title="Same"\nSELECT 2;\n```')).toMatch(
      /step 2 "Same" \(line 9\): step id "same" is used twice/,
    );
    expect(failure('```sql title="Empty"\n\n```')).toMatch(/step 1 "Empty" \(line 6\): the step has no SQL/);
    expect(failure('```expect\nrows: []\n```')).toMatch(/line 6: an ```expect block must follow/);
    expect(failure('```sql title="Open"\nSELECT 1;')).toMatch(/line 6: this ``` fence is never closed/);
  });

  test('rejects bad front matter and badly named files', () => {
    expect(() => parseLesson('content/07-x.md', '---\ntitle: T\nkind: quiz\n---\n')).toThrow(
      /content\/07-x\.md, front matter: description: .*; kind: Invalid option/,
    );
    expect(() => parseLesson('content/lesson.md', front)).toThrow(/expected NN-slug\.md/);
  });
});

describe('speaker notes and code versions in a lesson', () => {
  test("keeps a step's speaker notes apart from its expectation", () => {
    const lesson = parse(
      '```sql title="A"\nSELECT 1 AS a;\n```\n```expect\nrows:\n  - { a: 1 }\n```\n```notes\nSay **why**.\n```\n```sql title="B"\nSELECT 2;\n```\n\n```notes\nOnly notes.\n```',
    );
    expect(lesson.steps.map((step) => [step.title, step.expect.kind, step.notes])).toEqual([
      ['A', 'rows', 'Say **why**.'],
      ['B', 'ok', 'Only notes.'],
    ]);
    expect(lesson.blocks.filter((block) => block.kind === 'prose')).toEqual([]);
  });

  test('rejects notes that follow no step', () => {
    expect(failure('Intro.\n\n```notes\nstray\n```')).toMatch(
      /line 8: a ```notes block must follow a ```sql step/,
    );
  });

  test('reads a versions block with its suggestions and their expectations', () => {
    const lesson = parse(
      [
        '```versions',
        'show: [v0, v1]',
        'try:',
        '  - title: v0 registers ann',
        '    version: v0',
        '    action: register',
        '    with: { email: ann@example.com, password: 7 }',
        '    expect: { error: "23505", constraint: users_1_email_key }',
        '```',
      ].join('\n'),
    );
    expect(lesson.versions).toEqual({
      show: ['v0', 'v1'],
      retired: [],
      line: 6,
      scenarios: [
        {
          title: 'v0 registers ann',
          version: 'v0',
          action: 'register',
          values: { email: 'ann@example.com', password: '7' },
          expect: { kind: 'error', code: '23505', name: 'unique_violation', constraint: 'users_1_email_key' },
        },
      ],
    });
  });

  test('names the suggestion whose expectation is wrong', () => {
    expect(
      failure(
        '```versions\nshow: [v0]\ntry:\n  - { title: T, version: v0, action: a, with: {}, expect: { oops: 1 } }\n```',
      ),
    ).toBe(
      'content/07-example.md, versions block (line 6), try 1 "T", expect: write either rows: [...] or error: "SQLSTATE"',
    );
  });
});

describe('exercises in a lesson', () => {
  const twoRight = 'right:\n  - { title: R1, sql: SELECT 1; }\n  - { title: R2, replace: { "1": "01" } }';
  const exercise = (extra: string, right = twoRight, moreChecks = '') =>
    [
      '```exercise',
      'id: ex',
      'title: T',
      'goal: G',
      'task: Do it.',
      'hints: [h]',
      'solution: SELECT 1;',
      'setup: INSERT INTO t VALUES (1);',
      'checks:',
      '  - { id: a, title: A, sql: "SELECT 1 AS x", expect: { rows: [{ x: 1 }] }, failure: F }',
      ...(moreChecks ? [moreChecks] : []),
      right,
      extra,
      '```',
    ].join('\n');

  test('reads an exercise with its setup, checks, hints, right and wrong answers, and equivalent mutants', () => {
    const lesson = parse(
      exercise(
        'wrong:\n  - { title: W, sql: SELECT 2;, fails: [a] }\n  - { title: P, replace: { "SELECT": "TABLE" }, fails: [a] }\nequivalent:\n  - { mutant: "drop x", reason: Y }',
      ),
    );
    expect(lesson.exercises).toEqual([
      {
        id: 'ex',
        title: 'T',
        goal: 'G',
        task: 'Do it.',
        start: '',
        hints: ['h'],
        solution: 'SELECT 1;',
        setup: 'INSERT INTO t VALUES (1);',
        checks: [
          {
            id: 'a',
            title: 'A',
            sql: 'SELECT 1 AS x',
            expect: { kind: 'rows', columns: ['x'], rows: [['1']] },
            failure: 'F',
          },
        ],
        right: [
          { title: 'R1', sql: 'SELECT 1;' },
          { title: 'R2', sql: 'SELECT 01;' },
        ],
        wrong: [
          { title: 'W', sql: 'SELECT 2;', fails: ['a'] },
          { title: 'P', sql: 'TABLE 1;', fails: ['a'] },
        ],
        equivalent: [{ mutant: 'drop x', reason: 'Y' }],
        line: 6,
      },
    ]);
  });

  test('needs two right answers besides the reference: the checks must accept more than one way', () => {
    expect(
      failure(exercise('wrong:\n  - { title: W, sql: x, fails: [a] }', 'right:\n  - { title: R1, sql: x }')),
    ).toMatch(/exercise \(line 6\): right: Too small/);
  });

  test('rejects an answer that replaces a piece the solution does not hold exactly once', () => {
    expect(failure(exercise('wrong:\n  - { title: W, replace: { "DELETE": "" }, fails: [a] }'))).toMatch(
      /exercise "ex" \(line 6\), "W": "DELETE" is in the solution 0 times; replace a piece found once/,
    );
  });

  test('rejects a wrong solution naming a check that does not exist, and a check that controls transactions', () => {
    expect(failure(exercise('wrong:\n  - { title: W, sql: x, fails: [zz] }'))).toMatch(
      /wrong "W": there is no check "zz"/,
    );
    expect(
      failure(
        exercise(
          'wrong:\n  - { title: W, sql: x, fails: [a, c] }',
          twoRight,
          '  - { id: c, title: C, sql: "COMMIT", failure: F }',
        ),
      ),
    ).toMatch(/check "c": a check cannot control transactions/);
  });
});

describe('loadCourse checks a versions block against content/versions.yaml', () => {
  const write = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'cqrs-content-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  const base = {
    'course.yaml': 'readModels:\n  users: [user_registered]\n',
    'versions.yaml':
      'v0:\n  title: Code v0\n  writes: [user_registered_0]\n  reads: [users_0]\n  actions:\n    register:\n      label: Register\n      fields: [email]\n      sql: "INSERT INTO user_registered_0 (email) VALUES (:email)"\n',
    '00-introduction.md': '---\ntitle: I\ndescription: D\nkind: introduction\n---\nHello.\n',
  };
  const lesson = (block: string) =>
    `---\ntitle: L\ndescription: D\nkind: stage\n---\n\`\`\`versions\n${block}\n\`\`\`\n`;

  test('accepts a block whose versions, actions and values all exist', () => {
    const dir = write({
      ...base,
      '01-x.md': lesson(
        'show: [v0]\ntry:\n  - { title: T, version: v0, action: register, with: { email: a } }',
      ),
    });
    expect(loadCourse(dir).lessons[1]?.versions?.scenarios[0]?.values).toEqual({ email: 'a' });
  });

  test.each([
    ['show: [v9]', /there is no version "v9"/],
    [
      'show: [v0]\ntry:\n  - { title: T, version: v0, action: fly, with: {} }',
      /try 1 "T": v0 has no action "fly"/,
    ],
    [
      'show: [v0]\ntry:\n  - { title: T, version: v0, action: register, with: { name: a } }',
      /give exactly the fields email; got name/,
    ],
    ['show: [v0]\nretired: [v1]', /retired "v1" is not shown/],
  ])('rejects %j', (block, problem) => {
    const dir = write({ ...base, '01-x.md': lesson(block) });
    expect(() => loadCourse(dir)).toThrow(problem);
  });

  test('rejects an action whose SQL uses a value that is not one of its fields', () => {
    const dir = write({ ...base, 'versions.yaml': base['versions.yaml'].replace('(:email)', '(:mail)') });
    expect(() => loadCourse(dir)).toThrow(
      /versions\.yaml, v0\.register: the SQL uses :mail, which is not a field/,
    );
  });
});

describe('actionSql', () => {
  test('sends every value as a quoted literal, quotes and backslashes included, and leaves casts alone', () => {
    const action = { id: 'a', label: 'A', fields: [{ name: 'v', label: 'v' }], sql: 'SELECT :v::text, :v' };
    expect(actionSql(action, { v: "it's \\ 😀" })).toBe("SELECT 'it''s \\ 😀'::text, 'it''s \\ 😀'");
  });
});
