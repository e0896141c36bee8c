/**
 * One render at a time per chart: a newer request for a chart cancels the one still running (its helm process is
 * killed) and starts once that process has exited, so a chart never has two helm processes and the newest
 * settings always win. Different charts render side by side.
 */

export class RenderSuperseded extends Error {
  constructor() {
    super('superseded by a newer render of the same chart');
    this.name = 'RenderSuperseded';
  }
}

interface Running {
  controller: AbortController;
  done: Promise<unknown>;
}

export class RenderQueue {
  private readonly running = new Map<string, Running>();

  /** Chart keys with a render in flight (for tests and traces). */
  get busy(): string[] {
    return [...this.running.keys()];
  }

  /**
   * Runs `task` for `key` after aborting and awaiting the previous task of the same key. `signal` (the caller's
   * cancellation) aborts this task too. The task receives the signal it must honour.
   */
  async run<T>(key: string, task: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const previous = this.running.get(key);
    const controller = new AbortController();
    const onCallerAbort = () => controller.abort();
    if (signal?.aborted) controller.abort();
    else signal?.addEventListener('abort', onCallerAbort, { once: true });
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    const me: Running = { controller, done };
    this.running.set(key, me);
    try {
      if (previous) {
        previous.controller.abort();
        await previous.done;
      }
      // A third request may have come while the previous one was winding down.
      if (this.running.get(key) !== me) throw new RenderSuperseded();
      return await task(controller.signal);
    } finally {
      signal?.removeEventListener('abort', onCallerAbort);
      if (this.running.get(key) === me) this.running.delete(key);
      release();
    }
  }
}
