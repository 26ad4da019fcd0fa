import type { Report } from '../model.js';

/**
 * Data several writers derive from one report — the SBOM graph (CycloneDX, SPDX), the SPDX
 * document (`spdx`, `spdx-json`) — made once by the first writer that needs it and reused by the
 * others. `writeOutputs` gives one to all the writers of a scan; the outputs it renders differ only
 * in `color`, which no derived value depends on. Writers read derived values and never change them.
 */
export class DerivedData {
  readonly #values = new Map<string, unknown>();

  constructor(readonly report: Report) {}

  /** The value under `key`, made by `make` the first time it is asked for. */
  get<T>(key: string, make: () => T): T {
    if (this.#values.has(key)) return this.#values.get(key) as T;
    const value = make();
    this.#values.set(key, value);
    return value;
  }
}

/** `make()`, or the value made before for the same report when the writers share derived data. */
export function derived<T>(report: Report, shared: DerivedData | undefined, key: string, make: () => T): T {
  return shared && shared.report === report ? shared.get(key, make) : make();
}
