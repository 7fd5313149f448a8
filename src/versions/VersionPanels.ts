import { stoppedNotes } from '../client/describeStop';
import type { EngineClient, Observed, Source } from '../client/EngineClient';
import { renderOutcome, showWhenObserved } from '../client/renderOutcome';
import type { Outcome } from '../engine/execute';
import type { RunResult } from '../engine/types';
import { actionSql } from '../lesson/actionSql';
import type { CodeVersion, Scenario, VersionsBlock } from '../lesson/types';
import { button, el } from '../ui/dom';
import { type Send, Suggestions } from './Suggestions';
import { VersionTabs } from './VersionTabs';
import './versions.css';

export interface VersionsData {
  block: VersionsBlock;
  /** The definitions of the versions the block shows, in its order. */
  versions: CodeVersion[];
}

export interface PanelsHost {
  engine: EngineClient;
  announce(message: string): void;
  describeRun(outcome: Outcome, observed: Observed): HTMLElement | null;
}

/** What a panel sent and got back, for the suggestions' bookkeeping. */
interface Sent {
  send: Send;
  outcome: Outcome;
}

/** One version's server: a form per action, and what it last sent and got back. */
class Panel {
  readonly element: HTMLElement;
  readonly #version: CodeVersion;
  readonly #host: PanelsHost;
  readonly #select: HTMLSelectElement;
  readonly #fields = el('div', { className: 'panel-fields' });
  readonly #submit: HTMLButtonElement;
  readonly #output = el('div', { className: 'panel-output' });
  #inputs = new Map<string, HTMLInputElement>();
  /** Counts sends, so that a late observation is never added to a newer result. */
  #sends = 0;

  constructor(
    element: HTMLElement,
    version: CodeVersion,
    host: PanelsHost,
    ownSend: (send: Send, result: RunResult) => void,
  ) {
    this.element = element;
    this.#version = version;
    this.#host = host;
    const id = `panel-${version.id}`;
    this.#select = el('select', { attrs: { id: `${id}-action` } });
    for (const action of version.actions)
      this.#select.append(el('option', { text: action.label, attrs: { value: action.id } }));
    this.#select.addEventListener('change', () => this.#showFields());
    this.#submit = el('button', { className: 'button button-primary', attrs: { type: 'submit' } });
    const form = el(
      'form',
      { className: 'panel-form' },
      el('label', { className: 'panel-action', attrs: { for: `${id}-action` }, text: 'Action' }),
      this.#select,
      this.#fields,
      this.#submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send().then((sent) => {
        if (sent) ownSend(sent.send, sent.outcome.result);
      });
    });
    element.querySelector('.panel-static')?.remove();
    element.append(form, this.#output);
    this.#showFields();
  }

  get version(): string {
    return this.#version.id;
  }

  /** Chooses an action and fills in its fields, as a scenario does before sending. */
  fill(action: string, values: Record<string, string>): void {
    this.#select.value = action;
    this.#showFields();
    for (const [name, value] of Object.entries(values)) {
      const input = this.#inputs.get(name);
      if (input) input.value = value;
    }
  }

  /** Sends the chosen action with the typed values; resolves with what was sent and came back. */
  async send(): Promise<Sent | undefined> {
    const action = this.#version.actions.find((item) => item.id === this.#select.value);
    if (!action) return undefined;
    const values = Object.fromEntries([...this.#inputs].map(([name, input]) => [name, input.value]));
    const sql = actionSql(action, values);
    const source: Source = { kind: 'panel', version: this.#version.id, action: action.id };
    this.#output.replaceChildren(
      el('p', { className: 'panel-sent-title', text: `${this.#version.title} sent:` }),
      el('pre', { className: 'panel-sql', text: sql }),
      el('p', { className: 'outcome-note', text: 'Running…' }),
    );
    this.#submit.disabled = true;
    delete this.#output.dataset['observed'];
    const reply = await this.#host.engine.run(sql, source);
    this.#submit.disabled = false;
    this.#output.lastElementChild?.remove();
    if (reply.kind !== 'done') {
      this.#output.append(...stoppedNotes(reply, this.#host.engine.timeoutMs));
      return undefined;
    }
    const { outcome } = reply;
    this.#output.append(
      el('p', { className: 'panel-result', text: describeResult(action.label, outcome) }),
      renderOutcome(outcome),
    );
    const sent = ++this.#sends;
    showWhenObserved(
      this.#output,
      outcome,
      reply.observed,
      this.#host.describeRun,
      () => sent === this.#sends,
    );
    this.#host.announce(`${this.#version.title}: ${describeResult(action.label, outcome)}`);
    return { send: { sender: `${this.#version.title}, ${action.label}`, values }, outcome };
  }

  #showFields() {
    const action = this.#version.actions.find((item) => item.id === this.#select.value);
    const previous = new Map([...this.#inputs].map(([name, input]) => [name, input.value]));
    this.#inputs = new Map();
    this.#fields.replaceChildren();
    for (const field of action?.fields ?? []) {
      const id = `panel-${this.#version.id}-${field.name}`;
      const input = el('input', {
        attrs: { id, name: field.name, type: 'text', autocomplete: 'off', spellcheck: 'false' },
      });
      input.value = previous.get(field.name) ?? '';
      this.#inputs.set(field.name, input);
      this.#fields.append(
        el('label', { className: 'panel-field', attrs: { for: id }, text: field.label }),
        input,
      );
    }
    this.#submit.textContent = action?.label ?? 'Send';
  }
}

/** One sentence for what a server got back: "Log in: no matching user" rather than "SELECT 0". */
function describeResult(label: string, outcome: Outcome): string {
  const { result } = outcome;
  if (!result.ok)
    return `${label} failed with ${result.error.code} ${result.error.name}; the whole write was rolled back.`;
  const rows = result.statements.at(-1)?.rows.length ?? 0;
  if (/^SELECT/.test(result.statements.at(-1)?.command ?? '')) {
    return rows === 0 ? `${label}: nothing found.` : `${label}: found ${rows} row${rows === 1 ? '' : 's'}.`;
  }
  return `${label}: done.`;
}

/**
 * The lesson's code versions side by side, each sending its own SQL to its own tables on the
 * lesson's database, and the suggestions to try, each checked against what it should do.
 */
export class VersionPanels {
  readonly #panels: Panel[] = [];
  readonly #suggestions: Suggestions;
  readonly #tabs: VersionTabs | undefined;

  constructor(section: HTMLElement, data: VersionsData, host: PanelsHost) {
    this.#suggestions = new Suggestions(data.block.scenarios);
    const ownSend = (send: Send, result: RunResult) => this.#suggestions.sent(send, result);
    for (const version of data.versions) {
      const element = section.querySelector<HTMLElement>(`.version-panel[data-version="${version.id}"]`);
      if (element) this.#panels.push(new Panel(element, version, host, ownSend));
    }
    const list = section.querySelector<HTMLElement>('.version-panels');
    this.#tabs = list ? new VersionTabs(list) : undefined;
    section.querySelectorAll<HTMLElement>('.scenario').forEach((item, index) => {
      const scenario = data.block.scenarios[index];
      if (!scenario) return;
      const verdict = el('span', { className: 'scenario-verdict', attrs: { 'aria-live': 'polite' } });
      const why = el('p', { className: 'scenario-why', attrs: { hidden: '' } });
      const go = button(
        'Try it',
        () => void this.#try(index, scenario, { verdict, why, go }),
        'button button-small',
      );
      go.setAttribute('aria-label', `Try it: ${scenario.title}`);
      item.append(' ', go, ' ', verdict, why);
    });
  }

  async #try(
    index: number,
    scenario: Scenario,
    shown: { verdict: HTMLElement; why: HTMLElement; go: HTMLButtonElement },
  ) {
    const { verdict, why, go } = shown;
    const panel = this.#panels.find((item) => item.version === scenario.version);
    if (!panel) return;
    panel.fill(scenario.action, scenario.values);
    // On a phone one panel shows at a time: the one the suggestion sends from comes to the front.
    this.#tabs?.select(scenario.version);
    go.disabled = true;
    verdict.textContent = 'Running…';
    delete verdict.dataset['pass'];
    why.hidden = true;
    const sent = await panel.send();
    go.disabled = false;
    if (!sent) {
      verdict.textContent = 'Did not run.';
      return;
    }
    const { pass, message, changedBy } = this.#suggestions.judge(index, sent.outcome.result);
    this.#suggestions.sent({ ...sent.send, suggestion: index }, sent.outcome.result);
    verdict.dataset['pass'] = String(pass);
    verdict.textContent = pass ? `As described. ${message}` : `Not as described: ${message}`;
    why.textContent = changedBy ?? '';
    why.hidden = !changedBy;
  }
}
