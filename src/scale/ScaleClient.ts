import type { EngineData } from '../client/createEngine';
import type { ScaleResult } from '../engine/measureMigration';
import type { EngineRequest, EngineResponse } from '../engine/protocol';
import type { ScaleRequest } from '../engine/runScaleDemo';

export type ScaleOutcome =
  | { kind: 'done'; results: ScaleResult[] }
  | { kind: 'stopped' }
  | { kind: 'failed'; message: string };

/**
 * The scale demo's own engine: a worker of its own, so that the learner's database never shares
 * it, and Stop can end it at once (PGlite cannot cancel a statement; a worker can be terminated).
 */
export class ScaleClient {
  readonly #createWorker: () => Worker;
  readonly #engine: EngineData;
  #stop: (() => void) | undefined;

  constructor(createWorker: () => Worker, engine: EngineData) {
    this.#createWorker = createWorker;
    this.#engine = engine;
  }

  /** Opens a new engine at the lesson's start, runs the demo on it, and ends it. */
  run(
    request: ScaleRequest,
    progress: (message: string, done?: number, total?: number) => void,
  ): Promise<ScaleOutcome> {
    const worker = this.#createWorker();
    return new Promise<ScaleOutcome>((resolve) => {
      const finish = (outcome: ScaleOutcome) => {
        this.#stop = undefined;
        worker.terminate();
        resolve(outcome);
      };
      this.#stop = () => finish({ kind: 'stopped' });
      const send = (message: EngineRequest) => worker.postMessage(message);
      worker.onerror = (event) =>
        finish({ kind: 'failed', message: event.message || 'the engine could not start' });
      worker.onmessage = (event: MessageEvent<EngineResponse>) => {
        const answer = event.data;
        if (answer.type === 'progress') progress(answer.message, answer.done, answer.total);
        else if (answer.type === 'opened') {
          send({ type: 'scale', id: 2, ...request });
        } else if (answer.type === 'scaling') progress(answer.message, answer.done, answer.total);
        else if (answer.type === 'scaled') finish({ kind: 'done', results: answer.results });
        else if (answer.type === 'failed' || answer.type === 'crashed')
          finish({ kind: 'failed', message: answer.message });
      };
      const { snapshotUrl, sizes, cache, setup } = this.#engine;
      send({ type: 'open', id: 1, snapshotUrl, sizes, cache, setup, replay: [] });
    });
  }

  /** Ends the demo's engine now, whatever it is doing. */
  stop(): void {
    this.#stop?.();
  }
}
