/**
 * The limits of one render: executor steps, template/include nesting, output size and wall-clock time. Every
 * check is a counter comparison; the clock is read only every CLOCK_EVERY steps, so charging is cheap enough for
 * the executor's inner loop.
 */
import { RenderBudgetError } from './goValue';

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

/** How many steps may pass between two reads of the clock. */
const CLOCK_EVERY = 4096;

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

  constructor(limits?: Partial<RenderLimits>) {
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
    const now = Date.now();
    if (now > this.deadline) {
      throw new RenderBudgetError(`render budget exceeded: took longer than ${this.limits.timeoutMs} ms`);
    }
    this.nextClockCheck = Math.min(this.steps + CLOCK_EVERY, this.limits.maxSteps + 1);
  }

  /** Enters a nested template/include; throws past the depth limit. */
  enter(what: string): void {
    if (this.depth >= this.limits.maxDepth) {
      throw new RenderBudgetError(`render budget exceeded: nesting deeper than ${this.limits.maxDepth} (entering ${what})`);
    }
    this.depth++;
    this.stack.push(what);
  }

  leave(): void {
    if (this.depth > 0) {
      this.depth--;
      this.stack.pop();
    }
  }

  /** What is being executed, innermost last (for messages). */
  nesting(): readonly string[] {
    return this.stack;
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
