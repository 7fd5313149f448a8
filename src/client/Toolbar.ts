import { button, el, plural } from '../ui/dom';
import {
  describeSource,
  type EngineClient,
  type EngineState,
  type Progress,
  timeLimits,
} from './EngineClient';
import { slowAfterMs } from './StepController';
import { loadSetting, saveSetting } from './savedEdits';

const timeoutKey = 'cqrs-in-postgres:timeout-seconds';

export interface ToolbarActions {
  runAll(): void;
  reset(): void;
  /** Puts the lesson's own SQL back in every edited step. */
  restoreAll(): void;
  /** Docks the console to the bottom of the screen, or puts it back; says whether it is docked. */
  toggleConsole(): boolean;
  /** Ends the open transaction from the toolbar. */
  finishTransaction(command: 'COMMIT' | 'ROLLBACK'): void;
}

/**
 * The lesson's toolbar: what the engine is doing (with download progress), whether a transaction is
 * open, whether the database was changed outside the steps, the time limit, Run all and Reset.
 */
export class Toolbar {
  readonly #status: HTMLElement;
  readonly #label = el('span', { className: 'engine-label' });
  /** How much is downloaded, apart from the label so that a phone can shorten the label and keep it. */
  readonly #amount = el('span', { className: 'engine-amount' });
  readonly #progress = el('progress', { className: 'engine-progress', attrs: { hidden: '' } });
  readonly #transaction = el('p', { className: 'transaction-status', attrs: { hidden: '' } });
  readonly #touched = el('p', { className: 'touched-status', attrs: { hidden: '' } });
  readonly #message = el('p', { className: 'toolbar-message', attrs: { hidden: '' } });
  readonly #stopRestore: HTMLButtonElement;
  readonly #announce: (message: string) => void;
  /** Unfolds or folds the toolbar's actions on a phone. */
  #fold: ((open: boolean) => void) | undefined;
  /** Pressed while the console is docked. */
  readonly consoleButton: HTMLButtonElement;

  constructor(
    root: HTMLElement,
    engine: EngineClient,
    actions: ToolbarActions,
    announce: (message: string) => void,
  ) {
    this.#announce = announce;
    const status = root.querySelector<HTMLElement>('.engine-status');
    if (!status) throw new Error('the lesson toolbar has no .engine-status');
    this.#status = status;
    // A restore replays everything the learner ran, which may take as long as it took first time.
    this.#stopRestore = button('Stop restoring', () => engine.cancel(), 'button button-small button-cancel');
    this.#stopRestore.hidden = true;
    status.replaceChildren(this.#label, this.#amount, this.#progress);
    this.#label.textContent = 'Starting PostgreSQL…';
    status.after(this.#stopRestore, this.#transaction, this.#touched, this.#message);

    const select = root.querySelector<HTMLSelectElement>('select[name="timeout"]');
    const saved = Number(loadSetting(timeoutKey));
    // Only a value the menu offers: a stored Infinity or 0.001 would make every statement "too long".
    if ((timeLimits as readonly number[]).includes(saved)) engine.timeoutMs = saved * 1000;
    if (select) {
      select.value = String(engine.timeoutMs / 1000);
      select.addEventListener('change', () => {
        const seconds = Number(select.value);
        if (!(timeLimits as readonly number[]).includes(seconds)) return;
        engine.timeoutMs = seconds * 1000;
        saveSetting(timeoutKey, String(seconds));
      });
    }
    const runAll = button('Run all steps', () => actions.runAll());
    const reset = button('Reset lesson', () => actions.reset());
    const restore = button('Restore all steps', () => actions.restoreAll());
    restore.title = "Put the lesson's own SQL back in every step you edited";
    // The console is at the foot of the page; this brings it to wherever the reader is.
    const consoleButton = button('Console', () => {
      consoleButton.setAttribute('aria-pressed', String(actions.toggleConsole()));
    });
    consoleButton.setAttribute('aria-pressed', 'false');
    consoleButton.setAttribute('aria-controls', 'console');
    this.consoleButton = consoleButton;
    consoleButton.classList.add('toolbar-console');
    const folded = root.querySelector<HTMLElement>('.toolbar-actions');
    folded?.append(runAll, reset, restore, consoleButton, this.#foldButton(root, folded));
    // Unfolded on a phone for one action: it folds again once the action is chosen.
    for (const action of [runAll, reset, restore]) {
      action.addEventListener('click', () => this.#fold?.(false));
    }

    let busy: ReturnType<typeof setTimeout> | undefined;
    engine.on('state', (state, message, progress) => {
      clearTimeout(busy);
      // Like a step, the toolbar says "Running…" only for a run that takes a moment.
      if (state === 'busy' && !message) busy = setTimeout(() => this.#showState(state), slowAfterMs);
      else this.#showState(state, message, progress);
    });
    engine.on('transaction', (info) => {
      this.#transaction.hidden = !info.open;
      if (!info.open) {
        this.#transaction.replaceChildren();
        return;
      }
      const who = info.openedBy ? describeSource(info.openedBy).replace(/^A /, 'a ') : 'you';
      this.#transaction.replaceChildren(
        el('strong', { text: 'Transaction open' }),
        ` (begun by ${who}). Its changes are not committed yet. `,
        button('Commit', () => actions.finishTransaction('COMMIT'), 'button button-small'),
        ' ',
        button('Roll back', () => actions.finishTransaction('ROLLBACK'), 'button button-small'),
      );
    });
    root.hidden = false;
  }

  /**
   * On a phone the toolbar is one line (the engine's state, the console, More), so that the lesson
   * starts on the first screen; More unfolds the time limit, Run all, Reset and Restore. On a wide
   * screen the button is not shown and everything is always there.
   */
  #foldButton(root: HTMLElement, actions: HTMLElement | null): HTMLButtonElement {
    this.#fold = (open) => {
      more.setAttribute('aria-expanded', String(open));
      root.toggleAttribute('data-unfolded', open);
    };
    const more = button(
      'More',
      () => this.#fold?.(more.getAttribute('aria-expanded') !== 'true'),
      'button toolbar-more',
    );
    more.setAttribute('aria-expanded', 'false');
    more.setAttribute('aria-label', 'More lesson actions');
    if (actions) {
      actions.id = 'toolbar-actions';
      more.setAttribute('aria-controls', actions.id);
    }
    return more;
  }

  /** A visible note about the last toolbar action: Run all's summary, a reset. */
  say(text: string): void {
    this.#message.textContent = text;
    this.#message.hidden = text === '';
  }

  /** Says that console or panel statements have changed the database, or that it is pristine again. */
  setTouched(count: number): void {
    this.#touched.hidden = count === 0;
    this.#touched.textContent =
      count === 0
        ? ''
        : `Changed outside the steps by ${plural(count, 'statement')} (console, code versions): results may differ from the lesson's.`;
  }

  #showState(state: EngineState, message?: string, progress?: Progress) {
    this.#status.dataset['state'] = state;
    this.#stopRestore.hidden = state !== 'recovering';
    const text = message ?? (state === 'busy' ? 'Running…' : state === 'ready' ? 'Ready' : undefined);
    if (text !== undefined && this.#label.textContent !== text) this.#label.textContent = text;
    const bytes = progress?.phase === 'download' && progress.done !== undefined;
    this.#progress.hidden = !(
      progress &&
      progress.done !== undefined &&
      (state === 'starting' || state === 'recovering')
    );
    if (progress?.done !== undefined) {
      if (progress.total) {
        this.#progress.max = progress.total;
        this.#progress.value = progress.done;
      } else this.#progress.removeAttribute('value');
      const amount = bytes
        ? `${mb(progress.done)}${progress.total ? ` of ${mb(progress.total)}` : ''}`
        : `${progress.done} of ${progress.total ?? '?'}`;
      this.#progress.setAttribute('aria-label', `${text ?? ''} ${amount}`);
      this.#label.textContent = text ?? '';
      this.#amount.textContent = ` ${amount}`;
    } else this.#amount.textContent = '';
    // Only what matters is announced: start-up done, a restart, a failure.
    if (
      message &&
      (state === 'broken' || (state === 'ready' && message !== 'Ready') || state === 'recovering')
    ) {
      this.#announce(message);
    }
  }
}

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;
