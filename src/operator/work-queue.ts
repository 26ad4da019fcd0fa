/** How a WorkQueue runs its keys. */
export interface WorkQueueOptions {
  /** Keys worked on at once. */
  concurrency: number;
  /** Keys waiting at most; a key added beyond it is dropped (and reported). */
  maxQueued: number;
  /** Attempts after the first failure, each after a doubled delay. */
  retries: number;
  /** First retry delay (doubled per attempt, capped at maxDelayMs). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key that ran this recently waits until the interval has passed: churn does not cause a storm of work. */
  minIntervalMs: number;
  run: (key: string) => Promise<void>;
  /** A failed attempt; `retryInMs` is undefined when the key is given up. */
  onError?: (key: string, err: unknown, retryInMs: number | undefined) => void;
  onDropped?: (key: string) => void;
}

/**
 * A keyed work queue as controllers use them: a key queued twice runs once; a key added while it
 * runs runs again after (the latest state wins); failures retry with exponential backoff; keys
 * that ran recently are held back (rate limit on churn); the queue is bounded.
 */
export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly order: string[] = [];
  private readonly running = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly lastRun = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly options: WorkQueueOptions) {}

  /** Keys waiting or delayed (not running). */
  get depth(): number {
    return this.queued.size + this.timers.size;
  }

  get active(): number {
    return this.running.size;
  }

  /** True when `key` is queued, delayed or running. */
  has(key: string): boolean {
    return this.queued.has(key) || this.timers.has(key) || this.running.has(key);
  }

  /**
   * Queues `key` (now, or once its rate-limit interval has passed; `immediate`: now in any case,
   * for a key whose input just became ready, e.g. a finished image scan). False when the queue is full.
   */
  add(key: string, immediate = false): boolean {
    if (this.stopped) return false;
    if (this.running.has(key)) {
      this.dirty.add(key);
      return true;
    }
    if (immediate && this.timers.has(key) && !this.failures.has(key)) {
      clearTimeout(this.timers.get(key)!);
      this.timers.delete(key);
      this.enqueue(key);
      return true;
    }
    if (this.queued.has(key) || this.timers.has(key)) return true;
    if (this.depth >= this.options.maxQueued) {
      this.options.onDropped?.(key);
      return false;
    }
    const since = Date.now() - (this.lastRun.get(key) ?? -Infinity);
    if (!immediate && since < this.options.minIntervalMs) this.later(key, this.options.minIntervalMs - since);
    else this.enqueue(key);
    return true;
  }

  /** Resolves when nothing is queued, delayed or running. */
  idle(): Promise<void> {
    if (this.depth === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.queued.clear();
    this.order.length = 0;
    this.checkIdle();
  }

  private enqueue(key: string): void {
    this.queued.add(key);
    this.order.push(key);
    this.pump();
  }

  private later(key: string, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (!this.stopped) this.enqueue(key);
    }, ms);
    timer.unref();
    this.timers.set(key, timer);
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.options.concurrency && this.order.length > 0) {
      const key = this.order.shift()!;
      this.queued.delete(key);
      this.running.add(key);
      this.lastRun.set(key, Date.now());
      void this.options.run(key).then(
        () => this.finish(key, undefined),
        (err: unknown) => this.finish(key, err ?? new Error('failed')),
      );
    }
  }

  private finish(key: string, err: unknown): void {
    this.running.delete(key);
    if (err === undefined) {
      this.failures.delete(key);
      if (this.dirty.delete(key)) this.add(key);
    } else {
      const attempt = (this.failures.get(key) ?? 0) + 1;
      const retry = attempt <= this.options.retries && !this.stopped;
      const delay = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
      this.options.onError?.(key, err, retry ? delay : undefined);
      if (retry) {
        this.failures.set(key, attempt);
        this.dirty.delete(key);
        this.later(key, delay);
      } else {
        this.failures.delete(key);
        if (this.dirty.delete(key)) this.add(key);
      }
    }
    // Forget run times that no longer hold anything back (the map stays as big as the working set).
    if (this.lastRun.size > 10_000) {
      const cutoff = Date.now() - this.options.minIntervalMs;
      for (const [k, t] of this.lastRun) if (t < cutoff) this.lastRun.delete(k);
    }
    this.pump();
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.depth === 0 && this.running.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
