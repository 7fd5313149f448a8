import { describe, expect, test } from 'vitest';
import { judge } from '../src/engine/judge';
import { run } from '../src/engine/run';
import type { Session } from '../src/engine/types';
import { actionSql } from '../src/lesson/actionSql';
import { loadCourse } from '../src/lesson/loadCourse';
import type { Lesson } from '../src/lesson/types';
import { Suggestions } from '../src/versions/Suggestions';
import { pgliteAt } from './support/pgliteAt';

const course = loadCourse();

/** The usernames lesson, whose page invites registering through v0, and its first suggestion. */
function usernames() {
  const lesson = course.lessons.find((item) => item.slug === 'usernames');
  const first = lesson?.versions?.scenarios[0];
  const action = course.versions[first?.version ?? '']?.actions.find((item) => item.id === first?.action);
  if (!lesson || !first || !action) throw new Error('the usernames lesson has no first suggestion');
  return { lesson, first, action };
}

const withSuggestions = course.lessons.filter((lesson) => (lesson.versions?.scenarios.length ?? 0) > 0);

/** What a learner might send of their own before trying the suggestions: new users, a message, a password. */
const ownValues: Record<string, (version: string) => Record<string, string>> = {
  register: (version) => ({
    email: `learner-${version}@example.com`,
    username: `learner-${version}`,
    password: 'mine',
  }),
  'change-password': () => ({ user_id: '0', new_password: 'mine' }),
  'send-message': () => ({ from_id: '0', to_id: '1', text: 'Hello from me' }),
};

/** Sends one action through a version's panel, as the page does, and notes it. */
async function send(
  session: Session,
  suggestions: Suggestions,
  version: string,
  actionId: string,
  values: Record<string, string>,
  suggestion?: number,
) {
  const action = course.versions[version]?.actions.find((item) => item.id === actionId);
  if (!action) throw new Error(`no action ${version} ${actionId}`);
  const result = await run(session, actionSql(action, values));
  const verdict = suggestion === undefined ? undefined : suggestions.judge(suggestion, result);
  suggestions.sent(
    {
      sender: `${course.versions[version]?.title}, ${action.label}`,
      values,
      ...(suggestion === undefined ? {} : { suggestion }),
    },
    result,
  );
  return { result, verdict };
}

/** Tries every suggestion of a lesson in order; what each did, as "title: As described" or the message. */
async function tryAll(session: Session, lesson: Lesson, suggestions: Suggestions) {
  const said: string[] = [];
  for (const [index, scenario] of (lesson.versions?.scenarios ?? []).entries()) {
    const { verdict } = await send(
      session,
      suggestions,
      scenario.version,
      scenario.action,
      scenario.values,
      index,
    );
    said.push(`${scenario.title}: ${verdict?.pass ? 'As described' : verdict?.message}`);
  }
  return said;
}

describe('suggestions that survive what the learner did before', () => {
  for (const lesson of withSuggestions) {
    test(`${lesson.slug}: after the learner's own registrations, messages and password changes through the panels, every suggestion tried in order still does what it says`, async () => {
      const db = await pgliteAt(course, lesson);
      const suggestions = new Suggestions(lesson.versions?.scenarios ?? []);
      let own = 0;
      for (const version of lesson.versions?.show ?? []) {
        for (const action of course.versions[version]?.actions ?? []) {
          const values = ownValues[action.id]?.(version);
          if (!values) continue;
          const { result } = await send(db.session, suggestions, version, action.id, values);
          if (result.ok) own++;
        }
      }
      expect(own).toBeGreaterThan(0);
      const said = await tryAll(db.session, lesson, suggestions);
      expect(said).toEqual(
        (lesson.versions?.scenarios ?? []).map((scenario) => `${scenario.title}: As described`),
      );
      await db.close();
    });
  }

  test("after the learner registers a user through v0, the suggestions' literal ids no longer hold: the named ids are what make them pass", async () => {
    const { lesson, first, action } = usernames();
    const db = await pgliteAt(course, lesson);
    const suggestions = new Suggestions(lesson.versions?.scenarios ?? []);
    await send(db.session, suggestions, 'v0', 'register', {
      email: 'learner@example.com',
      password: 'mine',
    });
    const result = await run(db.session, actionSql(action, first.values));
    expect(judge(first.expect, result).pass).toBe(false);
    expect(suggestions.judge(0, result)).toMatchObject({ pass: true });
    await db.close();
  });

  test('a suggestion tried again says which earlier send changed its data, and how to put the data back', async () => {
    const { lesson, first } = usernames();
    const db = await pgliteAt(course, lesson);
    const suggestions = new Suggestions(lesson.versions?.scenarios ?? []);
    const said = await tryAll(db.session, lesson, suggestions);
    expect(said.every((line) => line.endsWith(': As described'))).toBe(true);
    const again = await send(db.session, suggestions, first.version, first.action, first.values, 0);
    expect(again.verdict).toEqual({
      pass: false,
      message: 'Failed unexpectedly with 23505 unique_violation.',
      changedBy:
        'Earlier sends changed the data it works on: Code v1, Register with email dora@example.com, username dora, password tulip (suggestion 1). Reset lesson, then Run all steps, puts the data back as the suggestions expect it.',
    });
    await db.close();
  });

  test('a suggestion that fails with nothing sent before it says so, rather than blaming the panels', async () => {
    const { lesson, first } = usernames();
    const db = await pgliteAt(course, lesson);
    // The learner registered dora in the console: nothing the panels know of.
    await run(
      db.session,
      "INSERT INTO user_registered_1 (email, password_hash, username) VALUES ('dora@example.com', 'x', 'dora')",
    );
    const suggestions = new Suggestions(lesson.versions?.scenarios ?? []);
    const { verdict } = await send(db.session, suggestions, first.version, first.action, first.values, 0);
    expect(verdict?.pass).toBe(false);
    expect(verdict?.changedBy).toMatch(/^Nothing sent through these panels explains it: the console/);
    await db.close();
  });
});
