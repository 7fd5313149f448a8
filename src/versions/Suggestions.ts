import { judge, lastRowResult, type Verdict } from '../engine/judge';
import type { RunResult } from '../engine/types';
import type { Expectation, Scenario } from '../lesson/types';

/** One thing a version panel sent: a suggestion tried, or the learner's own values. */
export interface Send {
  /** "Code v0, Register": who sent it. */
  sender: string;
  values: Record<string, string>;
  /** The suggestion it was, by index, if it was one. */
  suggestion?: number;
}

export interface SuggestionVerdict extends Verdict {
  /** When it did not do what it says: what was sent earlier that may explain why, in sentences. */
  changedBy?: string;
}

/**
 * The suggestions of a versions block, judged so that they survive what the learner did before:
 * ids the suggestions name are taken as they come (another send may have drawn the sequence's
 * next number first), and a suggestion that still does not do what it says is told apart from a
 * broken one by naming the earlier sends that changed its data.
 */
export class Suggestions {
  readonly #scenarios: Scenario[];
  /** Name → id, as the first suggestion that named it got it back. */
  readonly #ids = new Map<string, string>();
  readonly #sends: Send[] = [];

  constructor(scenarios: Scenario[]) {
    this.#scenarios = scenarios;
  }

  /**
   * Notes a send through a panel, the suggestions' own included, once it has come back: only one
   * that wrote can have changed what a later suggestion finds (a failed write is rolled back whole).
   */
  sent(send: Send, result: RunResult): void {
    if (result.ok && result.statements.some((statement) => !/^SELECT\b/.test(statement.command))) {
      this.#sends.push(send);
    }
  }

  /** Whether suggestion `index` did what it says; call before `sent` for the same send. */
  judge(index: number, result: RunResult): SuggestionVerdict {
    const scenario = this.#scenarios[index];
    if (!scenario) return { pass: false, message: 'There is no such suggestion.' };
    const { expect, taken } = this.#withIds(scenario, result);
    const verdict = judge(expect, result);
    if (verdict.pass) {
      for (const [name, id] of taken) this.#ids.set(name, id);
      return verdict;
    }
    return { ...verdict, changedBy: this.#changedBy(index, scenario) };
  }

  /** The expectation with each named id as it was taken, or as this result has it if not yet taken. */
  #withIds(scenario: Scenario, result: RunResult): { expect: Expectation; taken: [string, string][] } {
    const { expect, ids } = scenario;
    const taken: [string, string][] = [];
    if (expect.kind !== 'rows' || !ids || !result.ok) return { expect, taken };
    const actual = lastRowResult(result.statements);
    const rows = expect.rows.map((row, r) =>
      row.map((cell, c) => {
        const column = expect.columns[c] ?? '';
        const name = ids[column];
        if (!name) return cell;
        const known = this.#ids.get(name);
        if (known !== undefined) return known;
        const got = actual?.rows[r]?.[actual.columns.indexOf(column)];
        if (got === undefined || got === null) return cell;
        taken.push([name, got]);
        return got;
      }),
    );
    return { expect: { ...expect, rows }, taken };
  }

  /**
   * The sends that the suggestions, tried in order, do not expect before this one: the learner's
   * own values, a suggestion tried again or out of order. Those sharing a value with this
   * suggestion first (the same email, the same user), the most recent first.
   */
  #changedBy(index: number, scenario: Scenario): string {
    const expected = new Set<number>();
    const unexpected = this.#sends.filter((send) => {
      const inOrder =
        send.suggestion !== undefined && send.suggestion < index && !expected.has(send.suggestion);
      if (inOrder && send.suggestion !== undefined) expected.add(send.suggestion);
      return !inOrder;
    });
    const mine = new Set(Object.values(scenario.values).filter((value) => value !== ''));
    const sharing = unexpected.filter((send) => Object.values(send.values).some((value) => mine.has(value)));
    const named = (sharing.length > 0 ? sharing : unexpected).slice(-3).reverse();
    const shown = sharing.length > 0 ? mine : undefined;
    if (named.length === 0) {
      return (
        'Nothing sent through these panels explains it: the console, a step run again, or the ' +
        'database as you left it on an earlier visit may have changed the data this suggestion expects. ' +
        'Reset lesson, then Run all steps, puts the data back as the suggestions expect it.'
      );
    }
    const what = named.map((send) => describeSend(send, shown)).join('; ');
    return `Earlier sends changed the data it works on: ${what}. Reset lesson, then Run all steps, puts the data back as the suggestions expect it.`;
  }
}

/** "Code v0, Register with email dora@example.com (your own values)": only the shared values, if given. */
function describeSend(send: Send, shared: Set<string> | undefined): string {
  const values = Object.entries(send.values)
    .filter(([, value]) => !shared || shared.has(value))
    .map(([name, value]) => `${name.replaceAll('_', ' ')} ${value}`)
    .join(', ');
  const which = send.suggestion === undefined ? 'your own values' : `suggestion ${send.suggestion + 1}`;
  return `${send.sender}${values ? ` with ${values}` : ''} (${which})`;
}
