/**
 * The limits of one render: executor steps, template/include nesting, output size and wall-clock time. Every
 * check is a counter comparison; the clock is read only every CLOCK_EVERY steps, so charging is cheap enough for
 * the executor's inner loop.
 */
import { RenderBudgetError, type GoFunction, type GoValue } from './goValue';

export interface RenderLimits {
  /** Executor steps (nodes walked, commands evaluated, function work units). */
  maxSteps: number;
  /** Nesting of template/include/tpl invocations. */
  maxDepth: number;
  /** Output size (UTF-16 code units, close to bytes for the ASCII that charts produce). */
  maxOutputBytes: number;
  /** Wall-clock limit of the render, in milliseconds. */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<RenderLimits> = Object.freeze({
  maxSteps: 20_000_000,
  maxDepth: 3000,
  maxOutputBytes: 64 * 1024 * 1024,
  timeoutMs: 2000,
});

/** How many steps may pass between two reads of the clock; a charge of at least this many always reads it. */
export const CLOCK_EVERY = 4096;

/**
 * A function whose cost is CPU time rather than output (key generation, bcrypt, key derivation), charged `steps`
 * (at least CLOCK_EVERY, so the budget's clock is always read) BEFORE it runs: a render already past its deadline or
 * step limit does not start another one, so a loop of them stops within one call of the deadline. The cost is fixed,
 * not measured, so the step limit stays deterministic; one slow call (an RSA-4096 key takes 0.5–2.5 s in Node) is
 * not failed after the fact, as Helm finishes it too.
 */
export function costlyFunction(f: GoFunction, steps: number): GoFunction {
  const cost = Math.max(CLOCK_EVERY, steps);
  return {
    ...f,
    call: (args, ctx) => {
      ctx.charge(cost);
      return f.call(args, ctx);
    },
  };
}

/** The size of a function's result, in work units: a string's or a list's length, a map's key count, else 1. */
export function resultSize(v: GoValue): number {
  if (typeof v === 'string' || Array.isArray(v) || v instanceof Uint8Array) return v.length;
  if (v instanceof Map) return v.size;
  return 1;
}

/** A function (a marshaller: toYaml, toJson, toToml, …) charged by the size of what it produced. */
export function outputCharged(f: GoFunction): GoFunction {
  return {
    ...f,
    call: (args, ctx) => {
      const r = f.call(args, ctx);
      ctx.charge(resultSize(r));
      return r;
    },
  };
}

/** A render stopped because its result is no longer wanted (not a fault of the chart). */
export class RenderCancelledError extends RenderBudgetError {
  constructor() {
    super('render cancelled: a newer edit superseded it');
    this.name = 'RenderCancelledError';
  }
}

/** A cancellation flag shared between threads: jobs up to the stored id are cancelled. */
export function cancelledUpTo(flag: Int32Array, id: number): () => boolean {
  return () => Atomics.load(flag, 0) >= id;
}

export class RenderBudget {
  readonly limits: RenderLimits;
  /** Steps charged so far. */
  steps = 0;
  /** Current nesting depth. */
  depth = 0;
  /** Output produced so far. */
  output = 0;
  private readonly startedAt: number;
  private readonly deadline: number;
  private nextClockCheck: number;
  private readonly stack: string[] = [];
  /** How to describe stack[i] (null: it is its own description). */
  private readonly describe: (((name: string) => string) | null)[] = [];

  /**
   * `cancelled`: asked each time the clock is read (every CLOCK_EVERY steps): true stops the render with a
   * RenderCancelledError (the editor's render worker: a newer edit superseded this render).
   */
  constructor(
    limits?: Partial<RenderLimits>,
    private readonly cancelled?: () => boolean,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...(limits ?? {}) };
    this.startedAt = Date.now();
    this.deadline = this.startedAt + this.limits.timeoutMs;
    this.nextClockCheck = Math.min(CLOCK_EVERY, this.limits.maxSteps);
  }

  /** Counts `units` steps of work; throws RenderBudgetError past the step or time limit. */
  charge(units: number): void {
    this.steps += units;
    if (this.steps >= this.nextClockCheck) this.check();
  }

  private check(): void {
    if (this.steps > this.limits.maxSteps) {
      throw new RenderBudgetError(`render budget exceeded: more than ${this.limits.maxSteps} steps`);
    }
    if (this.cancelled !== undefined && this.cancelled()) throw new RenderCancelledError();
    const now = Date.now();
    if (now > this.deadline) {
      throw new RenderBudgetError(`render budget exceeded: took longer than ${this.limits.timeoutMs} ms`);
    }
    this.nextClockCheck = Math.min(this.steps + CLOCK_EVERY, this.limits.maxSteps + 1);
  }

  /** Enters a nested template/include; throws past the depth limit. */
  enter(what: string): void {
    this.push(what, null);
  }

  /** enter(describe(name)), the text made only when a message needs it (the executor enters per template). */
  enterLazy(name: string, describe: (name: string) => string): void {
    this.push(name, describe);
  }

  private push(what: string, describe: ((name: string) => string) | null): void {
    if (this.depth >= this.limits.maxDepth) {
      const text = describe !== null ? describe(what) : what;
      throw new RenderBudgetError(`render budget exceeded: nesting deeper than ${this.limits.maxDepth} (entering ${text})`);
    }
    this.depth++;
    this.stack.push(what);
    this.describe.push(describe);
  }

  leave(): void {
    if (this.depth > 0) {
      this.depth--;
      this.stack.pop();
      this.describe.pop();
    }
  }

  /** What is being executed, innermost last (for messages). */
  nesting(): readonly string[] {
    return this.stack.map((w, i) => {
      const d = this.describe[i];
      return d !== null ? d(w) : w;
    });
  }

  /** Counts produced output; throws past the output limit. */
  addOutput(bytes: number): void {
    this.output += bytes;
    if (this.output > this.limits.maxOutputBytes) {
      throw new RenderBudgetError(`render budget exceeded: output larger than ${this.limits.maxOutputBytes} bytes`);
    }
  }

  /** Milliseconds since the budget was created. */
  elapsedMs(): number {
    return Date.now() - this.startedAt;
  }
}
