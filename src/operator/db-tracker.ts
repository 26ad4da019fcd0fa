import { statSync } from 'node:fs';
import type { AdvisoryStore } from '../db/store.js';
import { databasePath } from '../db/store.js';

export interface DbTrackerOptions {
  dbDir: string;
  /** Opens the DB in use (builds it when missing, as every scan does). */
  open: () => Promise<AdvisoryStore>;
  /** How often the DB file is looked at (ms). */
  pollMs: number;
  /** Runs `db update` every this many ms (0 = never: a sidecar, CronJob or `picket db pull` replaces the file). */
  updateMs: number;
  update: () => Promise<void>;
  onChanged: () => void;
  onWarning: (message: string) => void;
}

/**
 * Follows the advisory DB file: the store in use, a stamp that changes when the file is replaced
 * (`db build`, `db update`, `db import`, `db pull` all replace it atomically), and a poll that
 * opens the new file and tells the controller to judge every known image again. The old store is
 * closed a minute later, when no evaluation can still be using it.
 */
export class DbTracker {
  private store: Promise<AdvisoryStore> | undefined;
  private current = '';
  private builtAt: number | undefined;
  private timers: NodeJS.Timeout[] = [];
  private busy = false;

  constructor(private readonly options: DbTrackerOptions) {}

  /** The store to evaluate with (opened on first use). */
  openStore = (): Promise<AdvisoryStore> => {
    if (!this.store) {
      this.store = this.options.open().then((store) => {
        this.current = this.fileStamp();
        this.builtAt = Date.parse(store.builtAt()) || undefined;
        return store;
      });
      this.store.catch(() => { this.store = undefined; });
    }
    return this.store;
  };

  /** Names the DB file now in use ('' before it is opened). */
  stamp = (): string => this.current;

  builtAtMs = (): number | undefined => this.builtAt;

  start(): void {
    this.timers.push(setInterval(() => void this.poll(), this.options.pollMs).unref());
    if (this.options.updateMs > 0) {
      this.timers.push(setInterval(() => {
        this.options.update().catch((err: unknown) => this.options.onWarning(`operator: db update failed: ${(err as Error).message}`)).finally(() => void this.poll());
      }, this.options.updateMs).unref());
    }
  }

  /** Looks at the file now; true when a new DB was taken into use. */
  async poll(): Promise<boolean> {
    if (this.busy || !this.store) return false;
    const stamp = this.fileStamp();
    if (!stamp || stamp === this.current) return false;
    this.busy = true;
    try {
      const old = this.store;
      const next = this.options.open();
      const store = await next;
      this.store = next;
      this.current = stamp;
      this.builtAt = Date.parse(store.builtAt()) || undefined;
      setTimeout(() => void old.then((s) => s.close()).catch(() => {}), 60_000).unref();
      this.options.onChanged();
      return true;
    } catch (err) {
      this.options.onWarning(`operator: the new advisory DB cannot be opened (${(err as Error).message}): the old one stays in use`);
      return false;
    } finally {
      this.busy = false;
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    const store = this.store;
    this.store = undefined;
    if (store) (await store.catch(() => undefined))?.close();
  }

  private fileStamp(): string {
    try {
      const st = statSync(databasePath(this.options.dbDir));
      return `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return '';
    }
  }
}
