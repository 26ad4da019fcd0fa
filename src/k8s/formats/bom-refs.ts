import { stableUuid } from '../../report/writers/ids.js';

/**
 * The bom-refs of one BOM: a component keeps its preferred ref (its purl, as the report writer
 * does) unless another component took it first; it then gets a name-based UUID, so the same
 * report gives the same refs.
 */
export class BomRefs {
  private readonly used = new Set<string>();

  constructor(private readonly seed: string) {}

  /** A ref not used yet: `preferred` when free, else a UUID from the seed, the parts and a counter. */
  claim(preferred: string | undefined, ...parts: string[]): string {
    if (preferred && !this.used.has(preferred)) {
      this.used.add(preferred);
      return preferred;
    }
    let ref = stableUuid(this.seed, preferred ?? '', ...parts);
    for (let i = 1; this.used.has(ref); i++) ref = stableUuid(this.seed, preferred ?? '', ...parts, String(i));
    this.used.add(ref);
    return ref;
  }
}
