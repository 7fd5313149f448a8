import type { Command } from './keys';
import type { Presentation } from './presentation';
import type { StepReport } from './report';

/** What the two windows of a presentation tell each other. */
export type PresenterMessage =
  | {
      type: 'state';
      lesson: string;
      state: Presentation;
      /** The step on screen's last run, if it has run: the speaker shows the same verdict. */
      report: StepReport | null;
      /** What the audience window's engine is doing, as its status line says. */
      status: string;
      /** The race or the code versions on screen instead of the step, in words; '' when none. */
      interlude: string;
    }
  | { type: 'command'; command: Command }
  /** A window asks the audience window to say where it is. */
  | { type: 'hello' };

const name = 'cqrs-in-postgres:presenter';

/** The audience and speaker windows, kept in step both ways over a BroadcastChannel. */
export class PresenterChannel {
  readonly #channel: BroadcastChannel | undefined;

  constructor(onMessage: (message: PresenterMessage) => void) {
    // Without BroadcastChannel the audience window still works; only the speaker view cannot follow.
    this.#channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(name);
    if (this.#channel)
      this.#channel.onmessage = (event: MessageEvent<PresenterMessage>) => onMessage(event.data);
  }

  send(message: PresenterMessage): void {
    this.#channel?.postMessage(message);
  }
}
