import { describe, expect, test } from 'vitest';
import { LessonError } from '../src/lesson/LessonError';
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
      description: 'D',
      kind: 'stage',
      steps: lesson.steps,
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
